// Opening, closing and reading the store. Commits are in rocks_report_store_commit.cc.
#include "storage/rocks_report_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/options.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "storage/disk_space.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/prezeroed_wal_file_system.h"
#include "storage/request_record.h"
#include "storage/rocks_status.h"
#include "storage/wal_integrity.h"
#include "workflow/status_details.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::AuditEvent;
using nianbao::v1::Report;
using nianbao::v1::ReportRevision;

// A key's "hint prefix" for memtable inserts: the key without its last `suffix` bytes. RocksDB
// remembers where in the memtable's skip list it last inserted a key of each prefix and starts the
// next insert of that prefix there, so keys that arrive in order cost a few comparisons instead of
// a search from the top (those searches were about a tenth of the commit thread's time).
class DropSuffix : public rocksdb::SliceTransform {
 public:
  explicit DropSuffix(size_t suffix)
      : suffix_(suffix), name_(absl::StrCat("nianbao.DropSuffix.", suffix)) {}
  const char* Name() const override { return name_.c_str(); }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), key.size() - suffix_);
  }
  bool InDomain(const rocksdb::Slice& key) const override { return key.size() >= suffix_; }

 private:
  const size_t suffix_;
  const std::string name_;
};

// Memtable settings by what each column family's writes and reads are like.
void TuneMemtable(const std::string& family, rocksdb::ColumnFamilyOptions* options) {
  // Which keys follow each other: every new version of a report sorts just before the previous
  // one (a hint per report); audit events are numbered in order (one hint for the family); a
  // report's events in audit_by_report likewise (a hint per report), and an agency's in
  // audit_by_agency (a hint per agency); in the indexes, a change's
  // new update-time entry is the latest of them all, and the one it replaces one of the last (a
  // hint per kind of index, its tag byte).
  if (family == "reports") {
    options->memtable_insert_with_hint_prefix_extractor = std::make_shared<DropSuffix>(0);
  } else if (family == "audit" || family == "audit_by_report" || family == "audit_by_agency") {
    options->memtable_insert_with_hint_prefix_extractor =
        std::make_shared<DropSuffix>(sizeof(uint64_t));  // the sequence's 8 bytes
  } else if (family == "indexes") {
    options->memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  }
  // Request records are only ever read and written by request_id, never scanned, and the ids
  // arrive in no order: a hash table of linked lists finds a key's place in one step where a skip
  // list searched from the top (each insert cost as much as the other five of an update together,
  // callgrind over workflow_core_bench). The "prefix" it hashes is the whole key. This memtable
  // takes one writer at a time (allow_concurrent_memtable_write, set in Open).
  if (family == "requests") {
    options->prefix_extractor.reset(rocksdb::NewNoopTransform());
    options->memtable_factory.reset(rocksdb::NewHashLinkListRepFactory());
  }
}
// Creates the data directory's parents (RocksDB creates only the directory itself) and, unless
// the data is opened read-only for salvage, refuses logs damaged before their tail.
absl::Status PrepareDataDirectory(const RocksReportStoreOptions& options) {
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!options.read_only && !parent.empty() &&
      !std::filesystem::create_directories(parent, error) && error) {
    return absl::FailedPreconditionError(
        absl::StrCat("无法创建数据目录的上级目录 cannot create the parent directory ",
                     parent.string(), " of the data directory: ", error.message()));
  }
  if (options.read_only) return absl::OkStatus();
  if (absl::Status s = CheckDiskReserve(options.path, options.reserved_disk_bytes); !s.ok()) {
    return s;
  }
  return CheckWalIntegrity(options.path);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RocksReportStore>> RocksReportStore::Open(
    RocksReportStoreOptions options) {
  if (!options.audit_sealer) return absl::InvalidArgumentError("audit_sealer is required");
  if (options.path.empty()) return absl::InvalidArgumentError("path is required");
  if (!options.clock) options.clock = [] { return absl::Now(); };
  if (absl::Status s = PrepareDataDirectory(options); !s.ok()) return s;
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  if (options.max_total_wal_bytes > 0) db_options.max_total_wal_size = options.max_total_wal_bytes;
  db_options.create_missing_column_families = true;
  db_options.keep_log_file_num = 4;
  // RocksDB's default (-1) opens every table file at open, reading each one's index and filter
  // blocks: a start that grows with the data. A bounded table cache opens at most a few at start
  // and the rest when first read, and keeps the process under systemd's default limit of 1,024
  // open files whatever the data's size.
  db_options.max_open_files = 512;
  // Required by the requests family's hash memtable (TuneMemtable), and free here: the store's one
  // commit thread is the only writer.
  db_options.allow_concurrent_memtable_write = false;
  // WAL files are zero-filled ahead, so that the synced write of each commit group is one device
  // write rather than two (prezeroed_wal_file_system.h). A crash leaves zeros after the last
  // record, which point-in-time recovery (RocksDB's default, stated here because it is relied on)
  // reads as padding.
  db_options.env = PreZeroedWalEnv();
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;

  // Every column family present on disk must be opened; ours first, in ColumnFamily order.
  std::vector<std::string> names = {"reports",        "revisions", "audit", "audit_by_report",
                                    "indexes",        "requests",  "meta",  "audit_by_agency",
                                    "content_patches"};
  std::vector<std::string> existing;
  const bool listed = rocksdb::DB::ListColumnFamilies(db_options, options.path, &existing).ok();
  // A read-only open cannot create a family: a database from before content_patches opens without
  // it (it holds no record that references a patch).
  const bool without_patches =
      options.read_only && listed &&
      std::find(existing.begin(), existing.end(), "content_patches") == existing.end();
  if (without_patches) names.pop_back();
  for (const std::string& name : existing) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  if (std::find(names.begin(), names.end(), rocksdb::kDefaultColumnFamilyName) == names.end()) {
    names.push_back(rocksdb::kDefaultColumnFamilyName);
  }
  // Bloom filters: most point reads miss (a new request_id, a revision that must not exist yet),
  // and a miss should not read an index block of every level.
  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions family_options(db_options);
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  if (options.memtable_bytes > 0) family_options.write_buffer_size = options.memtable_bytes;
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : names) {
    descriptors.emplace_back(name, family_options);
    TuneMemtable(name, &descriptors.back().options);
    // Content patches carry the same dated header and expire with the records they serve.
    if ((name == "requests" || name == "content_patches") &&
        options.request_ttl > absl::ZeroDuration()) {
      descriptors.back().options.compaction_filter_factory =
          NewExpiredRequestFilterFactory(options.clock, options.request_ttl);
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.path, descriptors, &handles, &raw_db)
          : rocksdb::DB::Open(db_options, options.path, descriptors, &handles, &raw_db);
  if (absl::Status s = FromRocksStatus(opened, absl::StrCat("open ", options.path)); !s.ok()) {
    return s;
  }
  std::unique_ptr<rocksdb::DB> db(raw_db);
  if (without_patches) handles.insert(handles.begin() + kContentPatches, db->DefaultColumnFamily());

  // The global chain head: the last event of the audit column family.
  AuditHead head;
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[kAudit]));
    it->SeekToLast();
    if (it->Valid()) {
      absl::StatusOr<int64_t> sequence =
          DecodeAuditKey(absl::string_view(it->key().data(), it->key().size()));
      absl::StatusOr<AuditEvent> event =
          ParseStored<AuditEvent>(it->value().ToString(), "audit event");
      absl::Status status = !sequence.ok() ? sequence.status() : event.status();
      if (status.ok()) {
        head.sequence = *sequence;
        head.hash = event->hash();
      } else {
        for (auto* handle : handles) {
          if (handle != db->DefaultColumnFamily()) db->DestroyColumnFamilyHandle(handle);
        }
        return status;
      }
    } else if (absl::Status s = FromRocksStatus(it->status(), "read audit head"); !s.ok()) {
      for (auto* handle : handles) {
        if (handle != db->DefaultColumnFamily()) db->DestroyColumnFamilyHandle(handle);
      }
      return s;
    }
  }
  std::unique_ptr<RocksReportStore> store(
      new RocksReportStore(std::move(options), std::move(db), std::move(handles), head));
  if (absl::Status s = store->CheckAndWriteSchemaVersion(); !s.ok()) return s;
  // Refuses a chain shorter than (or not containing) the last head the server signed.
  if (absl::Status s = store->CheckSignedHead(); !s.ok()) return s;
  return store;
}

RocksReportStore::RocksReportStore(RocksReportStoreOptions options, std::unique_ptr<rocksdb::DB> db,
                                   std::vector<rocksdb::ColumnFamilyHandle*> handles,
                                   AuditHead head)
    : options_(std::move(options)),
      db_(std::move(db)),
      handles_(std::move(handles)),
      head_(std::move(head)),
      answer_thread_([this] { AnswerLoop(); }),
      commit_thread_([this] { CommitLoop(); }) {}

RocksReportStore::~RocksReportStore() {
  {
    // New commits are refused; the commit thread writes the queued ones and then ends.
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queued_.notify_one();
  }
  commit_thread_.join();
  // Every commit is written and handed over by now: the answer thread answers them and ends.
  {
    std::lock_guard<std::mutex> lock(answer_mutex_);
    answers_end_ = true;
    answer_ready_.notify_one();
  }
  answer_thread_.join();
  // A clean close leaves nothing in the write-ahead log for the next start to check and replay
  // (up to max_total_wal_bytes otherwise: most of a restart's time with 1,000,000 reports stored,
  // docs/benchmarks.md). Best effort: what a failed flush leaves is still in the log.
  if (!options_.read_only && options_.flush_on_close) {
    rocksdb::FlushOptions flush;
    flush.wait = true;
    (void)db_->Flush(flush, handles_);
  }
  for (auto* handle : handles_) {
    if (handle != db_->DefaultColumnFamily()) db_->DestroyColumnFamilyHandle(handle);
  }
  // Every write was synced; Close() releases the lock file so that the directory can be reopened.
  (void)db_->Close();
}

absl::Status RocksReportStore::CheckAndWriteSchemaVersion() {
  absl::StatusOr<std::optional<std::string>> stored =
      Get(kMeta, std::string(kSchemaVersionKey), nullptr);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    absl::string_view bytes = **stored;
    absl::StatusOr<uint64_t> version = ConsumeUint64(&bytes);
    if (!version.ok()) return version.status();
    if (*version > kSchemaVersion) {
      return absl::FailedPreconditionError(
          absl::StrCat("数据库结构版本 ", *version, " 高于本程序支持的版本 ", kSchemaVersion,
                       " (database schema version ", *version, " is newer than supported version ",
                       kSchemaVersion, "; upgrade nianbao)"));
    }
    if (*version == kSchemaVersion) return absl::OkStatus();
  }
  if (options_.read_only) return absl::OkStatus();
  std::string value;
  AppendUint64(&value, kSchemaVersion);
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocksStatus(db_->Put(write_options, cf(kMeta), std::string(kSchemaVersionKey), value),
                         "write schema version");
}

absl::StatusOr<std::optional<std::string>> RocksReportStore::Get(
    ColumnFamily family, const std::string& key, const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  std::string value;
  rocksdb::Status status = db_->Get(read_options, cf(family), key, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (absl::Status s = FromRocksStatus(status, "read"); !s.ok()) return s;
  return std::optional<std::string>(std::move(value));
}

absl::StatusOr<Report> RocksReportStore::GetReport(const ReportId& id) {
  absl::StatusOr<std::optional<std::string>> bytes =
      Get(kReports, ReportRowKey(id.agency_id, id.report_year), nullptr);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) {
    const std::string name = absl::StrCat("agencies/", id.agency_id, "/reports/", id.report_year);
    absl::Status status = nianbao::workflow::MakeStatus(
        absl::StatusCode::kNotFound,
        {absl::StrCat("报告不存在：", name), absl::StrCat("report not found: ", name)},
        "REPORT_NOT_FOUND", {{"report", name}});
    nianbao::workflow::SetResourceInfo(status, nianbao::workflow::kReportResourceType, name);
    return status;
  }
  return ParseStored<Report>(**bytes, "report");
}

absl::StatusOr<ReportRevision> RocksReportStore::GetRevision(const ReportId& id, int64_t revision,
                                                             nianbao::v1::RevisionKind kind) {
  absl::StatusOr<std::optional<std::string>> bytes =
      Get(kRevisions, RevisionKey(id.agency_id, id.report_year, revision, kind), nullptr);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) {
    const std::string name = absl::StrCat("agencies/", id.agency_id, "/reports/", id.report_year,
                                          "/revisions/", revision);
    absl::Status status = nianbao::workflow::MakeStatus(
        absl::StatusCode::kNotFound,
        {absl::StrCat("版本不存在：", name), absl::StrCat("revision not found: ", name)},
        "REVISION_NOT_FOUND", {{"revision", name}});
    nianbao::workflow::SetResourceInfo(status, nianbao::workflow::kRevisionResourceType, name);
    return status;
  }
  return ParseStored<ReportRevision>(**bytes, "revision");
}

absl::StatusOr<std::vector<ReportRevision>> RocksReportStore::ListRevisions(const ReportId& id) {
  const std::string prefix = RevisionPrefix(id.agency_id, id.report_year);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kRevisions)));
  std::vector<ReportRevision> revisions;
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    absl::StatusOr<ReportRevision> revision =
        ParseStored<ReportRevision>(it->value().ToString(), "revision");
    if (!revision.ok()) return revision.status();
    revisions.push_back(*std::move(revision));
  }
  if (absl::Status s = FromRocksStatus(it->status(), "list revisions"); !s.ok()) return s;
  return revisions;
}

absl::Status RocksReportStore::WriteHealth() {
  if (options_.read_only) {
    return absl::FailedPreconditionError(
        "数据以只读方式打开（抢救模式） (the data is open read-only for salvage)");
  }
  if (absl::Status s = CheckDiskReserve(options_.path, options_.reserved_disk_bytes); !s.ok()) {
    return s;
  }
  if (write_failed_) {
    // RocksDB keeps refusing writes after one failed (its background error) until resumed; a
    // resume that succeeds lets the next write try again.
    if (absl::Status s = FromRocksStatus(db_->Resume(), "resume writes"); !s.ok()) return s;
    write_failed_ = false;
  }
  return absl::OkStatus();
}

int64_t RocksReportStore::write_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return write_count_;
}

absl::Status RocksReportStore::CompactAll() {
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (absl::Status s =
            FromRocksStatus(db_->CompactRange(compact, handle, nullptr, nullptr), "compact");
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

int64_t RocksReportStore::written_bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return written_bytes_;
}

absl::StatusOr<AuditHead> RocksReportStore::GetAuditHead() {
  std::lock_guard<std::mutex> lock(mutex_);
  return head_;
}

}  // namespace nianbao::storage
