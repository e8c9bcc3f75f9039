// The files under the static root (the web console's build), served for GET requests no API route
// matched. The path is decoded and resolved inside the root: "..", encoded slashes, NUL bytes and
// symbolic links leading outside it are refused, so no request reads a file outside the root.
#ifndef NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_
#define NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace nianbao::gateway {

struct StaticFile {
  std::string content_type;
  std::string contents;
};

// The file `path` (as received, percent-encoded, without the query) names under `root`; "/" and
// a directory mean its index.html. nullopt when there is none, or the path is not allowed.
std::optional<StaticFile> ReadStaticFile(const std::string& root, absl::string_view path);

// The Content-Type for a file name by its extension (application/octet-stream when unknown).
std::string ContentTypeForFile(absl::string_view name);

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_
