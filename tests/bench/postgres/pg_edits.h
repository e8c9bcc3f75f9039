// The durable edit nianbao-workflowd makes, done by an application on PostgreSQL instead, through
// libpq: in one transaction, lock the report row (SELECT ... FOR UPDATE) and check its etag,
// replace its whole content (JSONB), write the new etag and the content's SHA-256 (computed by the
// client, as nianbao computes it in its server), and insert the audit event; optionally also
// advance a global hash-chain head (one row: seq + 1, hash = sha256(hash || event)), which
// serializes every edit as nianbao's audit chain does. Prepared statements, one connection per
// client.
#ifndef NIANBAO_TESTS_BENCH_POSTGRES_PG_EDITS_H_
#define NIANBAO_TESTS_BENCH_POSTGRES_PG_EDITS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nianbao/v1/report.pb.h"

struct pg_conn;

namespace nianbao::testing {

// Creates the tables (report, audit_event, chain_head) on the server at `conninfo` and one report
// row for each of `reports` clients, each holding `content` as JSON (protobuf's JSON mapping).
[[nodiscard]] absl::Status CreateEditSchema(const std::string& conninfo,
                                            const nianbao::v1::AnnualReport& content, int reports);

// One client: its connection and its own report row (ids 1..reports).
class PgEditor {
 public:
  // Connects and prepares the statements. The edits carry `content` with a new title each.
  static absl::StatusOr<std::unique_ptr<PgEditor>> Connect(
      const std::string& conninfo, int report, const nianbao::v1::AnnualReport& content);
  ~PgEditor();
  PgEditor(const PgEditor&) = delete;
  PgEditor& operator=(const PgEditor&) = delete;

  // One edit, committed (synchronous_commit on: durable when this returns), with the chain head
  // advanced when `chain`. False, with the reason on stderr, when it failed.
  bool Edit(bool chain);

 private:
  PgEditor(pg_conn* connection, int report, std::string json_before_title,
           std::string json_after_title);

  bool Exec(const char* statement, int params, const char* const* values, const int* lengths,
            const int* formats, std::string* first_value = nullptr);

  pg_conn* connection_;
  std::string report_;
  // The content's JSON around the title's value, so that an edit splices a new title in instead of
  // printing the whole report again: the client's CPU is the server's on this machine.
  std::string json_before_title_;
  std::string json_after_title_;
  std::string etag_;
  int64_t edits_ = 0;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_POSTGRES_PG_EDITS_H_
