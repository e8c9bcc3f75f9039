#include "workflow/agency_registry_source.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/config/v1/agencies.pb.h"
#include "workflow/digest.h"
#include "workflow/status_details.h"
#include "workflow/text_config.h"

namespace nianbao::workflow {

std::string DescribeVersion(const AgencyRegistryVersion& version) {
  const std::string digest = version.digest.substr(0, 16);
  return absl::StrCat("版本 ", version.version, "，", version.agencies, " 个机关，摘要 ", digest,
                      " (version ", version.version, ", ", version.agencies, " agencies, digest ",
                      digest, ")");
}

std::string DescribeReloadFailure(const std::string& path, const absl::Status& status) {
  std::string field;
  if (google::rpc::BadRequest bad_request; GetDetail(status, kBadRequestTypeUrl, bad_request) &&
                                           bad_request.field_violations_size() > 0) {
    field = bad_request.field_violations(0).field();
  }
  return absl::StrCat("机关登记文件 ", path, " 未重新加载，仍使用原登记",
                      field.empty() ? "" : absl::StrCat("；字段 ", field), "：", status.message(),
                      " (the agency registry ", path,
                      " was not reloaded; the registry in force stays",
                      field.empty() ? "" : absl::StrCat("; field ", field), ")");
}

absl::StatusOr<AgencyRegistrySource::Loaded> AgencyRegistrySource::Read(const Check& check) const {
  // Parsed here rather than through AgencyRegistry::LoadFromFile so that the digest is taken over
  // exactly the configuration the registry is built from (the file may change again meanwhile).
  nianbao::config::v1::AgencyRegistryConfig config;
  if (absl::Status s = ParseTextConfigFile(path_, "机关登记文件", "agency registry", &config);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::unique_ptr<AgencyRegistry>> registry = AgencyRegistry::FromConfig(config);
  if (!registry.ok()) return registry.status();
  if (check) {
    if (absl::Status s = check(**registry); !s.ok()) return s;
  }
  return Loaded{std::shared_ptr<const AgencyRegistry>(*std::move(registry)),
                HexEncode(Sha256(DeterministicSerialize(config)))};
}

AgencyRegistrySource::AgencyRegistrySource(std::string path, Check check)
    : path_(std::move(path)), check_(std::move(check)) {}

absl::StatusOr<std::unique_ptr<AgencyRegistrySource>> AgencyRegistrySource::Load(std::string path,
                                                                                 Check check) {
  // A source with nothing in force yet reads the file once; it is handed out only if that works.
  std::unique_ptr<AgencyRegistrySource> source(
      new AgencyRegistrySource(std::move(path), std::move(check)));
  absl::StatusOr<Loaded> loaded = source->Read(source->check_);
  if (!loaded.ok()) return loaded.status();
  absl::MutexLock lock(&source->mutex_);
  source->version_ = {1, loaded->registry->size(), std::move(loaded->digest)};
  source->current_ = std::move(loaded->registry);
  return source;
}

std::shared_ptr<const AgencyRegistry> AgencyRegistrySource::Snapshot() const {
  absl::ReaderMutexLock lock(&mutex_);
  return current_;
}

AgencyRegistryVersion AgencyRegistrySource::version() const {
  absl::ReaderMutexLock lock(&mutex_);
  return version_;
}

absl::StatusOr<AgencyRegistryVersion> AgencyRegistrySource::Reload(const Check& check) {
  absl::MutexLock reloading(&reload_mutex_);
  // Read and checked outside mutex_: calls keep taking the old snapshot meanwhile.
  absl::StatusOr<Loaded> loaded = Read(check ? check : check_);
  if (!loaded.ok()) return loaded.status();
  // Declared before the lock, so that the old registry (when no call holds it any more) is freed
  // after the lock is released, not while snapshots wait for it.
  std::shared_ptr<const AgencyRegistry> previous;
  absl::MutexLock lock(&mutex_);
  previous = std::exchange(current_, std::move(loaded->registry));
  version_ = {version_.version + 1, current_->size(), std::move(loaded->digest)};
  return version_;
}

std::shared_ptr<const AgencyRegistry> AgencyRegistryHandle::Snapshot() const {
  if (source_ != nullptr) return source_->Snapshot();
  // Aliasing constructor with no owner: a non-owning pointer to the borrowed registry.
  return std::shared_ptr<const AgencyRegistry>(std::shared_ptr<const void>(), fixed_);
}

}  // namespace nianbao::workflow
