// The files under the static root (the web console's build), served for GET requests no API route
// matched. The path is decoded and resolved inside the root: "..", encoded slashes, NUL bytes and
// symbolic links leading outside it are refused, so no request reads a file outside the root.
//
// Load speed (the console's first load): a text file with a precompressed sibling "NAME.gz" (the
// console's build writes them, services/console/vite.config.ts) is sent gzip-encoded to a client
// that accepts gzip — compressed once at build time, not per request. Files under "assets/" carry
// a content hash in their names, so they are cached for a year as immutable; anything else
// (index.html) is revalidated every time (no-cache) with its ETag, answered by 304 when unchanged.
#ifndef NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_
#define NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "services/gateway/http_exchange.h"

namespace nianbao::gateway {

struct StaticFile {
  std::string content_type;
  std::string contents;
  // "gzip" when `contents` is the precompressed sibling, else empty.
  std::string content_encoding;
  // A strong validator from the sent file's size and modification time (quoted, as sent).
  std::string etag;
  std::string cache_control;
};

// The file `path` (as received, percent-encoded, without the query) names under `root`; "/" and
// a directory mean its index.html. nullopt when there is none, or the path is not allowed. With
// `accept_gzip`, its "NAME.gz" sibling (inside the root) is read instead when there is one.
std::optional<StaticFile> ReadStaticFile(const std::string& root, absl::string_view path,
                                         bool accept_gzip = false);

// Whether an Accept-Encoding header value admits gzip (listed, or "*", without q=0).
bool AcceptsGzip(absl::string_view accept_encoding);

// The response to a GET of `file`: 304 without a body when `request`'s If-None-Match names its
// ETag, else 200 with it; both with its ETag, Cache-Control and Vary: Accept-Encoding.
HttpResponse StaticFileResponse(const HttpRequest& request, StaticFile file);

// The Content-Type for a file name by its extension (application/octet-stream when unknown).
std::string ContentTypeForFile(absl::string_view name);

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_STATIC_FILES_H_
