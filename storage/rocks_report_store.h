// ReportStore on RocksDB: the only owner of the database. Column families:
//   reports          (agency_id, year)                  -> current Report
//   revisions        (agency_id, year, revision, kind)  -> ReportRevision, never overwritten
//   audit            global sequence                    -> AuditEvent
//   audit_by_report  (report name, report sequence)     -> audit key (global sequence)
//   audit_by_agency  (agency_id, agency sequence)       -> audit key (global sequence)
//   indexes          year / state / update-time keys    -> empty
//                    ('C', year, agency_id)             -> RollupRecord (office roll-up)
//   requests         request_id                         -> fingerprint, time and first response
//                                                          (request_record.h)
//   content_patches  (agency_id, year, etag)            -> how to rebuild that version's content
//                                                          from the next one (content_patch.h)
//   meta             "schema_version"                   -> uint64
//                    "signed_checkpoint"                -> the last head signed (sequence, hash)
//                    "rollup_contributions_built"       -> what the contributions were built as
// Key encodings are in key_encoding.h.
//
// A commit is planned on the caller's thread from the report as last written, then queued for the
// store's commit thread. That thread takes every queued mutation, checks that each one's report is
// still the one it was planned from (otherwise plans it again), assigns audit sequences and chain
// hashes, and writes the whole group as one synced WriteBatch; the store's answer thread then calls
// each caller's done callback while the commit thread goes on to the next group. Concurrent
// callers therefore share one fsync per group, no caller's thread waits for the disk (an
// asynchronous server answers from the callback), and the serial part is only checks and hashing.
// The checks read nothing back in the common case: a report is still current when the store has
// written its row as many times since open as when the plan was made (report_versions_), and a
// request's record is looked up again only when two commits of it are in flight at once
// (requests_in_flight_).
#ifndef NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_
#define NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "storage/report_backup.h"
#include "storage/report_store.h"
#include "storage/request_record.h"

namespace nianbao::storage {

struct RocksReportStoreOptions {
  // The database directory; created when missing.
  std::string path;
  // Seals audit events (required).
  AuditSealer audit_sealer;
  // At most this many mutations share one write.
  int max_group_size = 512;
  // Bytes of each column family's memtable before it is flushed to a table file; 0: RocksDB's
  // default (64 MiB). Tests set it small so that reads are served from table files too; it must
  // exceed the 400 KiB the requests family's hash memtable allocates when it starts.
  uint64_t memtable_bytes = 0;
  // Opens the data for salvage: RocksDB read-only, replaying the write-ahead log up to its first
  // damage (what point-in-time recovery keeps) without the integrity check that otherwise refuses
  // damaged logs, and writing nothing; every commit fails with FAILED_PRECONDITION.
  bool read_only = false;
  // The write-ahead logs' total size beyond which the column families they keep alive are
  // flushed, so that a restart replays at most this much whatever the history (without it one
  // rarely written family pins every log since its last flush: 1.5 GB after two minutes of edits).
  // 0: RocksDB's default (4 x the memtables' size).
  uint64_t max_total_wal_bytes = 64 << 20;
  // Free bytes kept on the data directory's disk (disk_space.h): below it the store does not
  // open, writes are refused with RESOURCE_EXHAUSTED (nothing written) and WriteHealth() says so,
  // until space is freed. 0: no reserve.
  uint64_t reserved_disk_bytes = 64 << 20;
  // For tests: runs after a group's WriteBatch is built and before it is written. An error drops
  // the batch, and every mutation of the group fails with that error.
  std::function<absl::Status()> before_write_hook;
  // How long a request record answers retries of its request_id (request_record.h). After it the
  // record reads as absent, whether or not compaction has dropped it yet (a compaction filter on
  // the requests family drops it), and the request_id is new again. 0 or less: records never
  // expire.
  absl::Duration request_ttl = absl::Hours(24);
  // The clock request records are dated and expired by; tests fix it. Default absl::Now.
  std::function<absl::Time()> clock;
  // Flushes the memtables when the store closes, so that the next start has no log to check and
  // replay. Tests of the log's recovery turn it off to close as a crash would: every write still
  // in the write-ahead log.
  bool flush_on_close = true;
};

class RocksReportStore final : public ReportStore {
 public:
  // The schema this build writes. A database with a newer stored version is refused at open.
  // Version 2: events carry agency chains (audit_by_agency); a version-1 binary, which would
  // append events outside them, is refused a version-2 database.
  static constexpr uint64_t kSchemaVersion = 2;

  // Opens (or creates) the database. DATA_LOSS, naming the file, when a write-ahead log is damaged
  // before its tail (wal_integrity.h) unless options.read_only; the parent directories of a new
  // data directory are created.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RocksReportStore>> Open(
      RocksReportStoreOptions options);
  // Refuses new commits, finishes the queued ones and closes the database cleanly.
  ~RocksReportStore() override;
  RocksReportStore(const RocksReportStore&) = delete;
  RocksReportStore& operator=(const RocksReportStore&) = delete;

  void CommitAsync(ReportMutation mutation, CommitDone done) override;
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
  absl::StatusOr<AgencyAuditHead> GetAgencyAuditHead(const std::string& agency_id) override;
  absl::Status RecordSignedHead(const AuditHead& head) override;
  absl::StatusOr<std::vector<nianbao::storage::v1::RollupRecord>> ListContributions(
      int32_t report_year, const std::vector<std::string>* agency_ids) override;
  absl::Status ScanContributions(
      int32_t report_year, const std::vector<std::string>* agency_ids,
      const std::function<absl::Status(absl::string_view record)>& visit) override;
  absl::StatusOr<std::map<std::string, nianbao::v1::ReportState>> ListReportStates(
      int32_t report_year) override;
  absl::StatusOr<std::optional<nianbao::storage::v1::RollupRecord>> GetContribution(
      const ReportId& id) override;
  absl::StatusOr<nianbao::v1::Report> GetReportWithoutContent(const ReportId& id) override;
  absl::StatusOr<nianbao::v1::ReportRevision> GetRevisionWithoutContent(
      const ReportId& id, int64_t revision, nianbao::v1::RevisionKind kind) override;
  absl::StatusOr<bool> ContributionsBuilt() override;
  absl::StatusOr<std::string> ContributionsVersion() override;
  absl::Status RebuildContributions(
      const std::vector<nianbao::storage::v1::RollupRecord>& contributions,
      absl::string_view version) override;

  // Backs the database up online into request.backup_dir while commits go on (report_backup.h):
  // INVALID_ARGUMENT naming backup_dir when it is relative or inside the data directory.
  // Thread-safe; backups of one process run one at a time.
  [[nodiscard]] absl::StatusOr<BackupResult> Backup(const BackupRequest& request);

  // Whether a write could be made now: RESOURCE_EXHAUSTED below the disk reserve, the error of
  // the last write when it failed and RocksDB cannot resume from it (a failed write leaves RocksDB
  // refusing writes until resumed; this resumes it), FAILED_PRECONDITION when read-only. Servers
  // report NOT_SERVING while it fails. Thread-safe.
  [[nodiscard]] absl::Status WriteHealth();

  // Compacts every column family down to its last level (request records past their TTL are
  // dropped on the way), so that the bytes on disk are what the data needs (benchmarks, operators).
  [[nodiscard]] absl::Status CompactAll();

  // How many synced writes have been made since open (for tests and benchmarks of group commit).
  int64_t write_count() const;
  // The bytes of those writes' batches, what the write-ahead log received (for benchmarks).
  int64_t written_bytes() const;

 private:
  // A planned mutation with everything that does not depend on the commit order already computed.
  struct PreparedMutation {
    const ReportMutation* mutation = nullptr;  // the caller's, alive until the commit is done
    ReportId id;
    std::string row_key;
    // The report row's bytes the plan was made from (nullopt: there was no report), and how many
    // times the store had written the row since open when they were read (report_versions_).
    std::optional<std::string> observed;
    uint64_t observed_version = 0;
    MutationPlan plan;
    std::string report_bytes;  // plan.report serialized, when set
    std::vector<std::string> revision_keys;
    std::vector<std::string> index_deletes;
    std::vector<std::string> index_puts;
    // When the report was frozen (in review, approved, published) and the mutation has a
    // request_id: its revision's row, whose content the request record may reference.
    int64_t frozen_revision = 0;
    int frozen_kind = 0;
    std::string frozen_bytes;
  };

  // One queued commit: the mutation (which `prepared` points into), its outcome and whom to tell.
  struct PendingCommit {
    ReportMutation mutation;
    PreparedMutation prepared;
    absl::StatusOr<CommitResult> outcome;
    CommitDone done;
    // Whether another commit with the same request_id was in flight alongside this one, as the
    // commit thread saw it when it took the group (see requests_in_flight_).
    bool request_contested = false;
  };
  // Commits of one request_id between their caller's check of the stored records and their write.
  struct RequestInFlight {
    int commits = 0;
    bool contested = false;  // a second commit arrived while another was in flight
  };
  class GroupState;
  struct ChainHead {
    int64_t sequence = 0;
    std::string hash;
  };
  enum ColumnFamily {
    kReports,
    kRevisions,
    kAudit,
    kAuditByReport,
    kIndexes,
    kRequests,
    kMeta,
    kAuditByAgency,
    kContentPatches
  };

  RocksReportStore(RocksReportStoreOptions options, std::unique_ptr<rocksdb::DB> db,
                   std::vector<rocksdb::ColumnFamilyHandle*> handles, AuditHead head);
  [[nodiscard]] absl::Status CheckAndWriteSchemaVersion();
  // The commit thread: writes the queued mutations group by group until the store stops, handing
  // each written group to the answer thread.
  void CommitLoop();
  // The answer thread: calls each written commit's `done`. Answering (for a server: sending the
  // responses) is then no longer between one group's write and the next: measured on a 2-vCPU VM
  // with 8 gRPC clients, 3,214 against 4,176 UpdateReport/s (medians of 3 and 6 runs of 10 s).
  void AnswerLoop();
  // The request record stored under `request_id`, if any, its response joined
  // (rocks_report_store_requests.cc).
  [[nodiscard]] absl::StatusOr<std::optional<RequestRecord>> ReadRequestRecord(
      const std::string& request_id);
  // Whether a record written at `write_micros` has expired by now (request_ttl).
  bool RequestExpired(int64_t write_micros) const;
  // Into `batch`, when a commit replaces report row `old_row` by `new_row`: the patch that rebuilds
  // the old version's content (content_patch.h), unless the etag stays the same. Returns the new
  // row's fields (views into `new_row`) when its content may be referenced by its etag (the etag
  // changed, or the row is new); nullopt otherwise.
  std::optional<ReportRowFields> PutContentPatch(const ReportId& id,
                                                 const std::optional<std::string>& old_row,
                                                 absl::string_view new_row, int64_t now_micros,
                                                 rocksdb::WriteBatch& batch);
  // The first response to a request, or INVALID_ARGUMENT when its id came with another request.
  [[nodiscard]] static absl::StatusOr<std::string> FirstResponse(
      RequestRecord record, const std::string& request_id, const std::string& request_fingerprint);
  // report_versions_ of a row; for the commit thread, which alone writes it.
  uint64_t ReportVersion(const std::string& row_key) const {
    auto it = report_versions_.find(row_key);
    return it == report_versions_.end() ? 0 : it->second;
  }
  // On a commit's arrival, under one lock: counts its request_id (if any) in flight (see
  // requests_in_flight_; ReleaseRequest undoes it), and returns the report row's version. Both
  // come before the reads they vouch for: the caller's check of the stored request records, and
  // its read of the row (a write in between only makes the version older than the bytes, which
  // costs a plan made again, never a stale plan taken for current).
  uint64_t RegisterAndReadVersion(const std::string& request_id, const std::string& row_key);
  void ReleaseRequest(const std::string& request_id);  // mutex_ held
  // Plans the mutation from the report row as it reads it now, which was at `version` or later.
  [[nodiscard]] absl::StatusOr<PreparedMutation> Prepare(const ReportMutation& mutation,
                                                         const std::string& row_key,
                                                         uint64_t version);
  [[nodiscard]] absl::StatusOr<PreparedMutation> PlanFrom(const ReportMutation& mutation,
                                                          std::optional<std::string> observed);
  void CommitGroup(const std::vector<std::unique_ptr<PendingCommit>>& group);
  [[nodiscard]] absl::StatusOr<CommitResult> ApplyPrepared(PreparedMutation& prepared,
                                                           bool request_contested,
                                                           GroupState& state,
                                                           rocksdb::WriteBatch& batch);
  // The head of report's (index kAuditByReport) or agency's (kAuditByAgency) chain `name` as the
  // group's commits so far leave it, loaded into `group_heads` (the group's state) on first use.
  [[nodiscard]] absl::StatusOr<ChainHead*> GroupChainHead(
      ColumnFamily index, const std::string& name, std::map<std::string, ChainHead>& group_heads);
  // The last event of a report's (index kAuditByReport) or agency's (kAuditByAgency) chain as
  // stored: its place in that chain and its link hash; 0 and empty when the chain has none.
  [[nodiscard]] absl::StatusOr<ChainHead> ReadChainHead(ColumnFamily index, const std::string& name,
                                                        const rocksdb::Snapshot* snapshot);
  // At open: loads the last head signed into signed_head_, and is DATA_LOSS unless the chain
  // contains it (see RecordSignedHead), or the store is read_only (salvage reads what is left).
  [[nodiscard]] absl::Status CheckSignedHead();
  // OK when the stored chain reaches `remembered` and its event there has the remembered hash.
  [[nodiscard]] absl::Status ContainsSignedHead(const SignedHead& remembered);
  rocksdb::ColumnFamilyHandle* cf(ColumnFamily family) const { return handles_[family]; }
  // The clock's time, in µs since the epoch (request records' dates).
  int64_t NowMicros() const { return absl::ToUnixMicros(options_.clock()); }
  [[nodiscard]] absl::StatusOr<std::optional<std::string>> Get(ColumnFamily family,
                                                               const std::string& key,
                                                               const rocksdb::Snapshot* snapshot);

  RocksReportStoreOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  // Indexed by ColumnFamily, then extras. A database opened read-only from before content_patches
  // existed has DefaultColumnFamily() in its place (never destroyed; it holds no patches).
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;

  mutable std::mutex mutex_;
  std::deque<std::unique_ptr<PendingCommit>> queue_;  // guarded by mutex_
  bool stopping_ = false;                             // guarded by mutex_
  std::condition_variable queued_;  // signalled when a commit is queued or the store stops
  AuditHead head_;  // guarded by mutex_; written by the commit thread after each write
  int64_t write_count_ = 0;
  int64_t written_bytes_ = 0;  // guarded by mutex_
  // The last write RocksDB was asked to make failed (see WriteHealth).
  std::atomic<bool> write_failed_{false};
  // Each report's chain head as last written, so that a commit need not read the last event back.
  // Only the commit thread touches it; one entry per report changed since open.
  std::map<std::string, ChainHead> report_heads_;
  // Each agency's chain head as last written, likewise.
  std::map<std::string, ChainHead> agency_heads_;
  // The last head a checkpoint was signed of (sequence 0: none), as stored in meta.
  std::mutex signed_mutex_;
  AuditHead signed_head_;  // guarded by signed_mutex_
  // How many times the store has written each report row since open (absent: never), so that the
  // commit thread can tell that a plan's report is still the one it was made from without reading
  // the row back. Guarded by mutex_, and written only by the commit thread (after each write),
  // which may therefore read it without the lock. One entry per report changed since open.
  std::unordered_map<std::string, uint64_t> report_versions_;
  // The request_ids of commits between their caller's check of the stored request records and
  // their group's write, so that the commit thread reads a record back only for a request that
  // two commits carry at once (a retry racing its first attempt). Any other commit's request was
  // checked by its caller after it was registered here, and no commit of it can have been written
  // since without this entry being contested. Guarded by mutex_.
  std::unordered_map<std::string, RequestInFlight> requests_in_flight_;
  // Written commits waiting for the answer thread to call their `done`.
  std::mutex answer_mutex_;
  std::deque<std::unique_ptr<PendingCommit>> answers_;  // guarded by answer_mutex_
  bool answers_end_ = false;                            // guarded by answer_mutex_
  std::condition_variable answer_ready_;
  // Last: they start once everything above is set.
  std::thread answer_thread_;
  std::thread commit_thread_;
};

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_ROCKS_REPORT_STORE_H_
