// The audit chains' heads: per report and per agency for the commit thread, the global and an
// agency's head from one snapshot for scoped checkpoints, and the memory of the last head signed,
// which keeps the server from vouching for a chain that lost events it once vouched for.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::AuditEvent;

// Snapshot owned for the duration of a read.
class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  ScopedSnapshot(const ScopedSnapshot&) = delete;
  ScopedSnapshot& operator=(const ScopedSnapshot&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* const db_;
  const rocksdb::Snapshot* const snapshot_;
};

absl::Status SignedHeadLost(int64_t signed_sequence, int64_t head_sequence) {
  return absl::DataLossError(absl::StrCat(
      "审计链短于服务器已签名的检查点：检查点覆盖至事件 ", signed_sequence, "，而审计链只到事件 ",
      head_sequence, "，审计事件已被删除 (the audit chain ends at event ", head_sequence,
      " but the server signed a checkpoint up to event ", signed_sequence,
      ": audit events were removed; refusing to serve or sign a shorter chain)"));
}

absl::Status SignedHeadRewritten(int64_t signed_sequence, absl::string_view what) {
  return absl::DataLossError(
      absl::StrCat("审计链不含服务器已签名的检查点：事件 ", signed_sequence, " ",
                   what == "missing" ? "已缺失" : "与检查点不符",
                   " (the audit chain does not contain the checkpoint the server signed: event ",
                   signed_sequence, " is ", what == "missing" ? "missing" : "not the event signed",
                   "; the chain was cut or rewritten; refusing to serve or sign it)"));
}

}  // namespace

absl::StatusOr<RocksReportStore::ChainHead*> RocksReportStore::GroupChainHead(
    ColumnFamily index, const std::string& name, std::map<std::string, ChainHead>& group_heads) {
  if (auto it = group_heads.find(name); it != group_heads.end()) return &it->second;
  const std::map<std::string, ChainHead>& written =
      index == kAuditByAgency ? agency_heads_ : report_heads_;
  ChainHead head;
  if (auto it = written.find(name); it != written.end()) {
    head = it->second;
  } else {
    // First change since open: the last event of the chain as stored.
    absl::StatusOr<ChainHead> stored = ReadChainHead(index, name, nullptr);
    if (!stored.ok()) return stored.status();
    head = *std::move(stored);
  }
  return &(group_heads[name] = std::move(head));
}

absl::StatusOr<RocksReportStore::ChainHead> RocksReportStore::ReadChainHead(
    ColumnFamily index, const std::string& name, const rocksdb::Snapshot* snapshot) {
  const bool agency = index == kAuditByAgency;
  const std::string prefix = agency ? AgencyAuditPrefix(name) : ReportAuditPrefix(name);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> last_key(db_->NewIterator(read_options, cf(index)));
  last_key->SeekForPrev(upper);
  ChainHead head;
  if (!last_key->Valid() || !last_key->key().starts_with(prefix)) {
    if (absl::Status s = FromRocksStatus(last_key->status(), "read chain head"); !s.ok()) return s;
    return head;
  }
  absl::string_view rest(last_key->key().data() + prefix.size(),
                         last_key->key().size() - prefix.size());
  absl::StatusOr<uint64_t> sequence = ConsumeUint64(&rest);
  if (!sequence.ok()) return sequence.status();
  absl::StatusOr<std::optional<std::string>> bytes =
      Get(kAudit, last_key->value().ToString(), snapshot);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) {
    return absl::DataLossError(
        absl::StrCat(agency ? "agency" : "report", " chain head event of ", name, " missing"));
  }
  absl::StatusOr<AuditEvent> last = ParseStored<AuditEvent>(**bytes, "event");
  if (!last.ok()) return last.status();
  head.sequence = static_cast<int64_t>(*sequence);
  head.hash = agency ? last->agency_hash() : last->report_hash();
  return head;
}

absl::StatusOr<AgencyAuditHead> RocksReportStore::GetAgencyAuditHead(const std::string& agency_id) {
  // One snapshot for both heads, so the agency head is the agency's last event up to the global
  // head, even while groups are being written.
  ScopedSnapshot snapshot(db_.get());
  AgencyAuditHead head;
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot.get();
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kAudit)));
    it->SeekToLast();
    if (it->Valid()) {
      absl::StatusOr<int64_t> sequence =
          DecodeAuditKey(absl::string_view(it->key().data(), it->key().size()));
      if (!sequence.ok()) return sequence.status();
      absl::StatusOr<AuditEvent> event =
          ParseStored<AuditEvent>(it->value().ToString(), "audit event");
      if (!event.ok()) return event.status();
      head.global.sequence = *sequence;
      head.global.hash = event->hash();
    } else if (absl::Status s = FromRocksStatus(it->status(), "read audit head"); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<ChainHead> agency = ReadChainHead(kAuditByAgency, agency_id, snapshot.get());
  if (!agency.ok()) return agency.status();
  head.agency_sequence = agency->sequence;
  head.agency_hash = std::move(agency->hash);
  return head;
}

absl::Status RocksReportStore::CheckSignedHead() {
  absl::StatusOr<std::optional<std::string>> stored =
      Get(kMeta, std::string(kSignedCheckpointKey), nullptr);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return absl::OkStatus();
  absl::StatusOr<SignedHead> remembered = DecodeSignedHeadValue(**stored);
  if (!remembered.ok()) return remembered.status();
  {
    std::lock_guard<std::mutex> lock(signed_mutex_);
    signed_head_ = AuditHead{remembered->sequence, remembered->hash};
  }
  absl::Status contained = ContainsSignedHead(*remembered);
  // Salvage (read_only) opens what a damaged log left in order to read it, which may be less than
  // was signed; it still signs nothing shorter (RecordSignedHead checks signed_head_).
  if (options_.read_only) return absl::OkStatus();
  return contained;
}

absl::Status RocksReportStore::ContainsSignedHead(const SignedHead& remembered) {
  AuditHead head;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    head = head_;
  }
  if (head.sequence < remembered.sequence) {
    return SignedHeadLost(remembered.sequence, head.sequence);
  }
  absl::StatusOr<std::optional<std::string>> bytes =
      Get(kAudit, AuditKey(remembered.sequence), nullptr);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return SignedHeadRewritten(remembered.sequence, "missing");
  absl::StatusOr<AuditEvent> event = ParseStored<AuditEvent>(**bytes, "event");
  if (!event.ok()) return event.status();
  if (event->hash() != remembered.hash) return SignedHeadRewritten(remembered.sequence, "changed");
  return absl::OkStatus();
}

absl::Status RocksReportStore::RecordSignedHead(const AuditHead& head) {
  std::lock_guard<std::mutex> lock(signed_mutex_);
  if (head.sequence < signed_head_.sequence) {
    return SignedHeadLost(signed_head_.sequence, head.sequence);
  }
  if (signed_head_.sequence > 0) {
    // The chain signed now must contain the one signed before: the event there is unchanged.
    std::string hash = head.hash;
    if (head.sequence != signed_head_.sequence) {
      absl::StatusOr<std::optional<std::string>> bytes =
          Get(kAudit, AuditKey(signed_head_.sequence), nullptr);
      if (!bytes.ok()) return bytes.status();
      if (!bytes->has_value()) return SignedHeadRewritten(signed_head_.sequence, "missing");
      absl::StatusOr<AuditEvent> event = ParseStored<AuditEvent>(**bytes, "event");
      if (!event.ok()) return event.status();
      hash = event->hash();
    }
    if (hash != signed_head_.hash) return SignedHeadRewritten(signed_head_.sequence, "changed");
    if (head.sequence == signed_head_.sequence) return absl::OkStatus();
  }
  // Salvage mode writes nothing; the head is remembered for this process only.
  if (!options_.read_only && head.sequence > 0) {
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    if (absl::Status s =
            FromRocksStatus(db_->Put(write_options, cf(kMeta), std::string(kSignedCheckpointKey),
                                     SignedHeadValue(head.sequence, head.hash)),
                            "remember the signed checkpoint");
        !s.ok()) {
      return s;
    }
  }
  signed_head_ = head;
  return absl::OkStatus();
}

}  // namespace nianbao::storage
