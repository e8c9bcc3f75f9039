// A ReportStore in memory for the request fuzzer: the same observable rules as RocksReportStore
// (one plan per mutation against the current report, request ids answered from their record, a
// revision written twice refused) without a disk, threads or time, so that every input runs the
// same way from the same starting state. Not thread-safe; callbacks run on the caller's thread.
#ifndef NIANBAO_TESTS_FUZZ_MEMORY_REPORT_STORE_H_
#define NIANBAO_TESTS_FUZZ_MEMORY_REPORT_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "storage/report_store.h"

namespace nianbao::fuzz {

class MemoryReportStore final : public storage::ReportStore {
 public:
  void CommitAsync(storage::ReportMutation mutation, CommitDone done) override;
  absl::StatusOr<nianbao::v1::Report> GetReport(const storage::ReportId& id) override;
  absl::StatusOr<nianbao::v1::ReportRevision> GetRevision(const storage::ReportId& id,
                                                          int64_t revision,
                                                          nianbao::v1::RevisionKind kind) override;
  absl::StatusOr<std::vector<nianbao::v1::ReportRevision>> ListRevisions(
      const storage::ReportId& id) override;
  absl::StatusOr<storage::ReportPage> ListReports(const storage::ReportFilter& filter,
                                                  int page_size,
                                                  const std::string& page_token) override;
  absl::StatusOr<std::optional<std::string>> GetRequestResponse(
      const std::string& request_id, const std::string& request_fingerprint) override;
  absl::StatusOr<storage::AuditEventPage> ListAuditEvents(
      int64_t after_sequence, int limit, const storage::AuditEventFilter& filter) override;
  absl::StatusOr<storage::AuditEventPage> ListReportAuditEvents(
      const std::string& report_name, int64_t after_report_sequence, int limit,
      const storage::AuditEventFilter& filter) override;
  absl::StatusOr<storage::AuditHead> GetAuditHead() override;
  absl::StatusOr<storage::AgencyAuditHead> GetAgencyAuditHead(
      const std::string& agency_id) override;
  absl::Status RecordSignedHead(const storage::AuditHead& head) override;

 private:
  using Key = std::pair<std::string, int32_t>;
  struct RequestRecord {
    std::string fingerprint;
    std::string response;
  };
  static Key KeyOf(const storage::ReportId& id) { return {id.agency_id, id.report_year}; }

  std::map<Key, nianbao::v1::Report> reports_;
  std::map<Key, std::vector<nianbao::v1::ReportRevision>> revisions_;
  std::vector<nianbao::v1::AuditEvent> audit_;
  std::map<std::string, RequestRecord> requests_;
};

}  // namespace nianbao::fuzz

#endif  // NIANBAO_TESTS_FUZZ_MEMORY_REPORT_STORE_H_
