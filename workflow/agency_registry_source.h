// The agency registry in force, reloadable: the reviewed file is read again (SIGHUP in
// nianbao-workflowd) and the new registry takes over only when it is valid, while calls keep
// running. Every call takes one snapshot at its start (Snapshot()) and answers from it alone, so no
// call sees half of a reload: a snapshot is an immutable AgencyRegistry kept alive by the call
// that holds it, whatever happens to the source meanwhile.
#ifndef NIANBAO_WORKFLOW_AGENCY_REGISTRY_SOURCE_H_
#define NIANBAO_WORKFLOW_AGENCY_REGISTRY_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "workflow/agency_registry.h"

namespace nianbao::workflow {

// What a load put in force, for the log line operators read after a reload.
struct AgencyRegistryVersion {
  // 1 for the registry loaded at start, one more for each reload that took effect.
  int64_t version = 0;
  size_t agencies = 0;
  // Hex SHA-256 of the registry's content (the parsed file, deterministically serialized): the
  // same for two files that differ only in comments, white space or field order.
  std::string digest;
};

// "版本 3，31 个机关，摘要 1f2e… (version 3, 31 agencies, digest 1f2e…)" with the first 16 hex
// digits of the digest.
std::string DescribeVersion(const AgencyRegistryVersion& version);

// Thread-safe: Snapshot() from any number of threads while Reload() runs on another.
class AgencyRegistrySource {
 public:
  // A check the registry must pass beyond its own (e.g. that every role binding of the principals
  // in force names a registered agency); its error is returned as it is.
  using Check = std::function<absl::Status(const AgencyRegistry&)>;

  // Reads and checks `path` (AgencyRegistry's errors, then `check`'s): version 1.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AgencyRegistrySource>> Load(
      std::string path, Check check = nullptr);

  // The registry in force; never null. Hold the pointer for the whole call.
  std::shared_ptr<const AgencyRegistry> Snapshot() const;
  AgencyRegistryVersion version() const;
  const std::string& path() const { return path_; }

  // Reads the file again. When it is readable and valid (everything Load checks), swaps it in and
  // returns the new version; calls already running finish on the snapshot they hold. Otherwise
  // the registry in force stays and the error says why: NOT_FOUND when the file cannot be read,
  // INVALID_ARGUMENT with the line and column of a parse error or the field of an invalid entry
  // (a BadRequest naming e.g. "agencies[3].parent_agency_id"), or the check's error. Reloads are
  // serialized. `check`, when given, is used instead of the source's own for this reload (a new
  // principals file being loaded with the registry is checked against it, not the old one).
  [[nodiscard]] absl::StatusOr<AgencyRegistryVersion> Reload(const Check& check = nullptr);

 private:
  struct Loaded {
    std::shared_ptr<const AgencyRegistry> registry;
    std::string digest;
  };
  AgencyRegistrySource(std::string path, Check check);
  [[nodiscard]] absl::StatusOr<Loaded> Read(const Check& check) const;

  const std::string path_;
  const Check check_;
  absl::Mutex reload_mutex_;  // held for a whole Reload, so two never interleave
  mutable absl::Mutex mutex_;
  std::shared_ptr<const AgencyRegistry> current_ ABSL_GUARDED_BY(mutex_);
  AgencyRegistryVersion version_ ABSL_GUARDED_BY(mutex_);
};

// "机关登记文件 PATH 未重新加载：字段 F：MESSAGE (the agency registry PATH was not reloaded: field
// F:
// ...)": what a refused reload logs, naming the file, the field (when the error names one; a
// parse error's message carries its line and column) and the reason.
std::string DescribeReloadFailure(const std::string& path, const absl::Status& status);

// How a core reaches the registry: a reloadable source (the server), one fixed registry (tests,
// tools) or none (a server without an agencies_file). Converts implicitly from each, so a core
// that took `const AgencyRegistry*` takes either without its callers changing. Copyable; borrows
// what it is given, which must outlive it.
class AgencyRegistryHandle {
 public:
  AgencyRegistryHandle() = default;
  AgencyRegistryHandle(std::nullptr_t) {}            // NOLINT(google-explicit-constructor)
  AgencyRegistryHandle(const AgencyRegistry* fixed)  // NOLINT(google-explicit-constructor)
      : fixed_(fixed) {}
  AgencyRegistryHandle(const AgencyRegistrySource* source)  // NOLINT(google-explicit-constructor)
      : source_(source) {}

  // The registry for one call (null when there is none): take it once at the call's start and use
  // only it until the call ends.
  std::shared_ptr<const AgencyRegistry> Snapshot() const;

 private:
  const AgencyRegistry* fixed_ = nullptr;
  const AgencyRegistrySource* source_ = nullptr;
};

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AGENCY_REGISTRY_SOURCE_H_
