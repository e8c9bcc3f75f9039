// Helpers for the RocksReportStore tests: a fake audit sealer (the real hashing is tested with the
// workflow library), and small builders for reports and mutations.
#ifndef NIANBAO_TESTS_UNIT_STORAGE_STORE_TEST_SUPPORT_H_
#define NIANBAO_TESTS_UNIT_STORAGE_STORE_TEST_SUPPORT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/rocks_report_store.h"

namespace nianbao::storage::testing {

// hash = "G" + digest of (event without hashes, previous_hash); report_hash likewise with "R",
// agency_hash with "A".
void FakeSeal(nianbao::v1::AuditEvent* event);

absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenStore(
    const std::string& path, std::function<absl::Status()> before_write_hook = nullptr);
// As OpenStore, but its close leaves every write in the write-ahead log, as a crash does.
absl::StatusOr<std::unique_ptr<RocksReportStore>> OpenStoreClosingAsACrash(const std::string& path);

nianbao::v1::Report MakeReport(const std::string& agency, int32_t year,
                               nianbao::v1::ReportState state, int64_t update_seconds,
                               int64_t revision = 1);

std::string ReportName(const std::string& agency, int32_t year);

// An audit event of `action` about the report (empty report: about none).
nianbao::v1::AuditEvent MakeEvent(const std::string& report, const std::string& actor,
                                  nianbao::v1::AuditAction action, int64_t time_seconds);

// A mutation that writes `report` (and one event) when the current report's state is `expected`
// (UNSPECIFIED: must not exist); otherwise FAILED_PRECONDITION.
ReportMutation PutReportMutation(const nianbao::v1::Report& report,
                                 nianbao::v1::ReportState expected,
                                 const std::string& request_id = "");

}  // namespace nianbao::storage::testing

#endif  // NIANBAO_TESTS_UNIT_STORAGE_STORE_TEST_SUPPORT_H_
