// ReportStore on RocksDB: the only owner of the database. Column families:
//   reports          (agency_id, year)                  -> current Report
//   revisions        (agency_id, year, revision, kind)  -> ReportRevision, never overwritten
//   audit            global sequence                    -> AuditEvent
//   audit_by_report  (report name, report sequence)     -> audit key (global sequence)
//   indexes          year / state / update-time keys    -> empty
//   requests         request_id                         -> fingerprint and first response
//   meta             "schema_version"                   -> uint64
// Key encodings are in key_encoding.h.
//
// Commits go through one commit thread: it takes every queued mutation, applies them in order
// against the current state (each sees the ones before it), writes them as one synced WriteBatch
// and then answers each caller. Concurrent callers therefore share one fsync per group.
#ifndef NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_
#define NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "storage/report_store.h"

namespace nianbao::storage {

struct RocksReportStoreOptions {
  // The database directory; created when missing.
  std::string path;
  // Seals audit events (required).
  AuditSealer audit_sealer;
  // At most this many mutations share one write.
  int max_group_size = 512;
  // For tests: runs after a group's WriteBatch is built and before it is written. An error drops
  // the batch, and every mutation of the group fails with that error.
  std::function<absl::Status()> before_write_hook;
};

class RocksReportStore final : public ReportStore {
 public:
  // The schema this build writes. A database with a newer stored version is refused at open.
  static constexpr uint64_t kSchemaVersion = 1;

  // Opens (or creates) the database and starts the commit thread.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RocksReportStore>> Open(
      RocksReportStoreOptions options);
  // Finishes every queued commit, stops the commit thread and closes the database cleanly.
  ~RocksReportStore() override;
  RocksReportStore(const RocksReportStore&) = delete;
  RocksReportStore& operator=(const RocksReportStore&) = delete;

  absl::StatusOr<CommitResult> Commit(ReportMutation mutation) override;
  absl::StatusOr<nianbao::v1::Report> GetReport(const ReportId& id) override;
  absl::StatusOr<nianbao::v1::ReportRevision> GetRevision(const ReportId& id, int64_t revision,
                                                          nianbao::v1::RevisionKind kind) override;
  absl::StatusOr<std::vector<nianbao::v1::ReportRevision>> ListRevisions(
      const ReportId& id) override;
  absl::StatusOr<ReportPage> ListReports(const ReportFilter& filter, int page_size,
                                         const std::string& page_token) override;
  absl::StatusOr<std::optional<std::string>> GetRequestResponse(
      const std::string& request_id, const std::string& request_fingerprint) override;
  absl::StatusOr<AuditEventPage> ListAuditEvents(int64_t after_sequence, int limit,
                                                 const AuditEventFilter& filter) override;
  absl::StatusOr<AuditEventPage> ListReportAuditEvents(const std::string& report_name,
                                                       int64_t after_report_sequence, int limit,
                                                       const AuditEventFilter& filter) override;
  absl::StatusOr<AuditHead> GetAuditHead() override;

  // How many synced writes have been made since open (for tests and benchmarks of group commit).
  int64_t write_count() const;

 private:
  struct PendingCommit {
    ReportMutation mutation;
    std::promise<absl::StatusOr<CommitResult>> done;
  };
  class GroupState;
  enum ColumnFamily { kReports, kRevisions, kAudit, kAuditByReport, kIndexes, kRequests, kMeta };

  RocksReportStore(RocksReportStoreOptions options, std::unique_ptr<rocksdb::DB> db,
                   std::vector<rocksdb::ColumnFamilyHandle*> handles, AuditHead head);
  [[nodiscard]] absl::Status CheckAndWriteSchemaVersion();
  void CommitLoop();
  void CommitGroup(std::vector<std::unique_ptr<PendingCommit>> group);
  [[nodiscard]] absl::StatusOr<CommitResult> ApplyMutation(ReportMutation& mutation,
                                                           GroupState& state,
                                                           rocksdb::WriteBatch& batch);
  rocksdb::ColumnFamilyHandle* cf(ColumnFamily family) const { return handles_[family]; }
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(ColumnFamily family,
                                                               const std::string& key,
                                                               const rocksdb::Snapshot* snapshot);

  RocksReportStoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by ColumnFamily, then extras

  mutable std::mutex mutex_;
  std::condition_variable queue_changed_;
  std::deque<std::unique_ptr<PendingCommit>> queue_;
  bool stopping_ = false;
  AuditHead head_;  // guarded by mutex_; written by the commit thread after each write
  int64_t write_count_ = 0;
  std::thread commit_thread_;
};

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_
