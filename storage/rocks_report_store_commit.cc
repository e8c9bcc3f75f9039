// The commit path: one thread takes the queued mutations, applies them in order against the current
// state (as changed by the mutations before them in the same group), and writes the whole group as
// one synced WriteBatch. Only then are the callers answered, so acknowledged means durable.
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::AuditEvent;
using nianbao::v1::Report;

const std::string& ZeroHash() {
  static const auto* zero = new std::string(32, '\0');
  return *zero;
}

int64_t UpdateMicros(const Report& report) {
  return report.update_time().seconds() * 1000000 + report.update_time().nanos() / 1000;
}

struct ChainHead {
  int64_t sequence = 0;
  std::string hash;
};

}  // namespace

// What the mutations of one group have written so far, consulted before the database so that each
// mutation sees the ones before it.
class RocksReportStore::GroupState {
 public:
  std::map<std::string, std::optional<Report>> reports;  // by report row key
  std::set<std::string> revisions;                       // revision keys written
  std::map<std::string, RequestRecord> requests;         // by request_id
  std::map<std::string, ChainHead> report_heads;         // by report name
  AuditHead global;
};

absl::StatusOr<CommitResult> RocksReportStore::Commit(ReportMutation mutation) {
  if (!mutation.plan) return absl::InvalidArgumentError("mutation has no plan");
  auto pending = std::make_unique<PendingCommit>();
  pending->mutation = std::move(mutation);
  std::future<absl::StatusOr<CommitResult>> done = pending->done.get_future();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return absl::UnavailableError("存储正在关闭 (the store is shutting down)");
    queue_.push_back(std::move(pending));
  }
  queue_changed_.notify_one();
  return done.get();
}

void RocksReportStore::CommitLoop() {
  for (;;) {
    std::vector<std::unique_ptr<PendingCommit>> group;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && static_cast<int>(group.size()) < options_.max_group_size) {
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    CommitGroup(std::move(group));
  }
}

void RocksReportStore::CommitGroup(std::vector<std::unique_ptr<PendingCommit>> group) {
  GroupState state;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    state.global = head_;
  }
  rocksdb::WriteBatch batch;
  std::vector<absl::StatusOr<CommitResult>> outcomes;
  outcomes.reserve(group.size());
  for (auto& pending : group) {
    outcomes.push_back(ApplyMutation(pending->mutation, state, batch));
  }
  absl::Status write_status;
  if (batch.Count() > 0) {
    if (options_.before_write_hook) write_status = options_.before_write_hook();
    if (write_status.ok()) {
      rocksdb::WriteOptions write_options;
      write_options.sync = true;
      write_status = FromRocksStatus(db_->Write(write_options, &batch), "write batch");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (write_status.ok()) {
      head_ = state.global;
      ++write_count_;
    }
  }
  for (size_t i = 0; i < group.size(); ++i) {
    // A failed write wrote nothing: every outcome of the group, which may depend on an earlier
    // mutation of the group, becomes that failure.
    if (!write_status.ok()) {
      group[i]->done.set_value(write_status);
    } else {
      group[i]->done.set_value(std::move(outcomes[i]));
    }
  }
}

absl::StatusOr<CommitResult> RocksReportStore::ApplyMutation(ReportMutation& mutation,
                                                             GroupState& state,
                                                             rocksdb::WriteBatch& batch) {
  // 1. A request seen before returns its first response and writes nothing.
  if (!mutation.request_id.empty()) {
    std::optional<RequestRecord> record;
    if (auto it = state.requests.find(mutation.request_id); it != state.requests.end()) {
      record = it->second;
    } else {
      absl::StatusOr<std::optional<std::string>> bytes =
          Get(kRequests, mutation.request_id, nullptr);
      if (!bytes.ok()) return bytes.status();
      if (bytes->has_value()) {
        absl::StatusOr<RequestRecord> decoded = DecodeRequestRecordValue(**bytes);
        if (!decoded.ok()) return decoded.status();
        record = *std::move(decoded);
      }
    }
    if (record) {
      if (record->fingerprint != mutation.request_fingerprint) {
        return absl::InvalidArgumentError(
            absl::StrCat("request_id: 该请求标识已用于另一个请求 (request_id '",
                         mutation.request_id, "' was already used for a different request)"));
      }
      CommitResult replay;
      replay.replayed = true;
      replay.response = std::move(record->response);
      return replay;
    }
  }

  // 2. The plan, decided from the current report.
  const ReportId& id = mutation.report_id;
  const std::string row_key = ReportRowKey(id.agency_id, id.report_year);
  std::optional<Report> current;
  if (auto it = state.reports.find(row_key); it != state.reports.end()) {
    current = it->second;
  } else {
    absl::StatusOr<std::optional<std::string>> bytes = Get(kReports, row_key, nullptr);
    if (!bytes.ok()) return bytes.status();
    if (bytes->has_value()) {
      absl::StatusOr<Report> report = ParseStored<Report>(**bytes, "report");
      if (!report.ok()) return report.status();
      current = *std::move(report);
    }
  }
  absl::StatusOr<MutationPlan> planned = mutation.plan(current);
  if (!planned.ok()) return planned.status();
  MutationPlan& plan = *planned;

  // 3. Checks that must pass before anything goes into the batch.
  if (plan.report &&
      (plan.report->agency_id() != id.agency_id || plan.report->report_year() != id.report_year)) {
    return absl::InternalError("plan writes a report other than the mutation's");
  }
  std::vector<std::string> revision_keys;
  for (const auto& revision : plan.revisions) {
    std::string key =
        RevisionKey(id.agency_id, id.report_year, revision.revision(), revision.kind());
    bool exists = state.revisions.count(key) > 0;
    if (!exists) {
      absl::StatusOr<std::optional<std::string>> bytes = Get(kRevisions, key, nullptr);
      if (!bytes.ok()) return bytes.status();
      exists = bytes->has_value();
    }
    if (exists) {
      return absl::AlreadyExistsError(
          absl::StrCat("版本已存在，不可覆盖 (revision already exists and is never overwritten): ",
                       revision.name()));
    }
    revision_keys.push_back(std::move(key));
  }
  // Chain heads of the reports the events concern.
  for (const AuditEvent& event : plan.audit_events) {
    if (event.report().empty() || state.report_heads.count(event.report()) > 0) continue;
    ChainHead head;
    const std::string prefix = ReportAuditPrefix(event.report());
    const std::string upper = PrefixSuccessor(prefix);
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(kAuditByReport)));
    it->SeekForPrev(upper);
    if (it->Valid() && it->key().starts_with(prefix)) {
      absl::string_view rest(it->key().data() + prefix.size(), it->key().size() - prefix.size());
      absl::StatusOr<uint64_t> sequence = ConsumeUint64(&rest);
      if (!sequence.ok()) return sequence.status();
      absl::StatusOr<std::optional<std::string>> bytes =
          Get(kAudit, it->value().ToString(), nullptr);
      if (!bytes.ok()) return bytes.status();
      if (!bytes->has_value()) return absl::DataLossError("report chain head event missing");
      absl::StatusOr<AuditEvent> last = ParseStored<AuditEvent>(**bytes, "event");
      if (!last.ok()) return last.status();
      head.sequence = static_cast<int64_t>(*sequence);
      head.hash = last->report_hash();
    } else if (absl::Status s = FromRocksStatus(it->status(), "read report chain head"); !s.ok()) {
      return s;
    }
    state.report_heads[event.report()] = std::move(head);
  }

  // 4. Into the batch; nothing below can fail.
  CommitResult result;
  for (size_t i = 0; i < plan.revisions.size(); ++i) {
    batch.Put(cf(kRevisions), revision_keys[i], plan.revisions[i].SerializeAsString());
    state.revisions.insert(revision_keys[i]);
  }
  if (plan.report) {
    if (current) {
      batch.Delete(cf(kIndexes), StateIndexKey(current->state(), id.agency_id, id.report_year));
      batch.Delete(cf(kIndexes),
                   UpdateTimeIndexKey(UpdateMicros(*current), id.agency_id, id.report_year));
    }
    batch.Put(cf(kReports), row_key, plan.report->SerializeAsString());
    batch.Put(cf(kIndexes), StateIndexKey(plan.report->state(), id.agency_id, id.report_year), "");
    batch.Put(cf(kIndexes),
              UpdateTimeIndexKey(UpdateMicros(*plan.report), id.agency_id, id.report_year), "");
    batch.Put(cf(kIndexes), YearIndexKey(id.report_year, id.agency_id), "");
    state.reports[row_key] = plan.report;
    result.report = plan.report;
  }
  for (AuditEvent& event : plan.audit_events) {
    event.set_sequence(state.global.sequence + 1);
    event.set_previous_hash(state.global.hash.empty() ? ZeroHash() : state.global.hash);
    ChainHead* report_head = nullptr;
    if (!event.report().empty()) {
      report_head = &state.report_heads[event.report()];
      event.set_report_sequence(report_head->sequence + 1);
      event.set_report_previous_hash(report_head->hash.empty() ? ZeroHash() : report_head->hash);
    } else {
      // An event about no report is in no report chain.
      event.set_report_sequence(0);
      event.clear_report_previous_hash();
    }
    options_.audit_sealer(&event);
    const std::string audit_key = AuditKey(event.sequence());
    batch.Put(cf(kAudit), audit_key, event.SerializeAsString());
    state.global.sequence = event.sequence();
    state.global.hash = event.hash();
    if (report_head != nullptr) {
      batch.Put(cf(kAuditByReport), ReportAuditKey(event.report(), event.report_sequence()),
                audit_key);
      report_head->sequence = event.report_sequence();
      report_head->hash = event.report_hash();
    }
  }
  result.audit_events = plan.audit_events;
  if (!plan.result.ok()) return plan.result;
  if (!mutation.request_id.empty()) {
    batch.Put(cf(kRequests), mutation.request_id,
              RequestRecordValue(mutation.request_fingerprint, plan.response));
    state.requests[mutation.request_id] =
        RequestRecord{mutation.request_fingerprint, plan.response};
  }
  result.response = std::move(plan.response);
  return result;
}

}  // namespace nianbao::storage
