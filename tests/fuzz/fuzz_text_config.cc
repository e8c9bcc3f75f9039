// The text-format configuration files through the functions the servers load them with: the
// principals file, the agency registry (both parsed and then checked) and the two server configs.
// Any bytes load or give INVALID_ARGUMENT naming the file's kind; the same bytes are tried as each.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "nianbao/config/v1/validation_server.pb.h"
#include "nianbao/config/v1/workflow_server.pb.h"
#include "tests/fuzz/fuzz_checks.h"
#include "workflow/agency_registry.h"
#include "workflow/principals.h"
#include "workflow/text_config.h"

namespace {

using nianbao::fuzz::Require;
using nianbao::fuzz::RequireClearError;

// The loaders read a path; an in-memory file under /proc/self/fd gives them one without touching
// the disk on every input.
class MemoryFile {
 public:
  MemoryFile() : fd_(memfd_create("nianbao-fuzz-config", 0)) {
    Require(fd_ >= 0, "memfd_create failed");
    path_ = absl::StrCat("/proc/self/fd/", fd_);
  }
  void Replace(absl::string_view contents) {
    Require(ftruncate(fd_, 0) == 0, "ftruncate failed");
    Require(
        pwrite(fd_, contents.data(), contents.size(), 0) == static_cast<ssize_t>(contents.size()),
        "pwrite failed");
  }
  const std::string& path() const { return path_; }

 private:
  int fd_;
  std::string path_;
};

void RequireInvalid(const absl::Status& status) {
  RequireClearError(status, {absl::StatusCode::kInvalidArgument});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace wf = nianbao::workflow;
  static MemoryFile* const file = new MemoryFile();
  file->Replace(nianbao::fuzz::AsView(data, size));

  auto principals = wf::PrincipalDirectory::LoadFromFile(file->path());
  if (!principals.ok()) RequireInvalid(principals.status());
  auto agencies = wf::AgencyRegistry::LoadFromFile(file->path());
  if (!agencies.ok()) RequireInvalid(agencies.status());
  if (principals.ok() && agencies.ok()) {
    if (absl::Status s = (*agencies)->CheckRoleBindings(**principals); !s.ok()) RequireInvalid(s);
  }

  nianbao::config::v1::WorkflowServerConfig workflow_config;
  if (absl::Status s =
          wf::ParseTextConfigFile(file->path(), "配置文件", "config file", &workflow_config);
      !s.ok()) {
    RequireInvalid(s);
  }
  nianbao::config::v1::ValidationServerConfig validation_config;
  if (absl::Status s =
          wf::ParseTextConfigFile(file->path(), "配置文件", "config file", &validation_config);
      !s.ok()) {
    RequireInvalid(s);
  }
  return 0;
}
