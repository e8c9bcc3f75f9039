// The commit path. A caller plans its mutation on its own thread from the report as last written
// (Prepare) and queues it. The commit thread takes every queued mutation, checks that each one's
// report is still the one it was planned from, assigns audit sequences and chain hashes, and
// writes the whole group as one synced WriteBatch. Only then does the answer thread tell the
// callers, so acknowledged means durable. A mutation whose report changed in between is planned
// again.
#include <pthread.h>

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/request_record.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"
#include "workflow/status_details.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::AuditEvent;
using nianbao::v1::Report;

// Names the calling thread as `top -H`, perf and gdb show it (at most 15 characters).
void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

const std::string& ZeroHash() {
  static const auto* zero = new std::string(32, '\0');
  return *zero;
}

// What a retry gets: the first response, and nothing written.
CommitResult Replayed(std::string response) {
  CommitResult replayed;
  replayed.replayed = true;
  replayed.response = std::move(response);
  return replayed;
}

}  // namespace

// What the mutations of one group have written so far, consulted before the database so that each
// mutation is checked against the ones before it.
class RocksReportStore::GroupState {
 public:
  std::map<std::string, std::optional<std::string>> reports;  // row key -> bytes written
  std::set<std::string> revisions;                            // revision keys written
  std::map<std::string, RequestRecord> requests;              // by request_id
  std::map<std::string, ChainHead> report_heads;              // by report name
  std::map<std::string, ChainHead> agency_heads;              // by agency_id
  AuditHead global;
  int64_t now_micros = 0;  // the date of the group's request records
};

void RocksReportStore::CommitAsync(ReportMutation mutation, CommitDone done) {
  if (!mutation.plan == !mutation.plan_on_content_bytes) {
    return done(absl::InvalidArgumentError("a mutation needs exactly one plan"));
  }
  if (options_.read_only) {
    return done(nianbao::workflow::PreconditionFailed(
        {"数据以只读方式打开（抢救模式），不接受修改",
         "the data is open read-only for salvage; no changes are accepted"},
        "READ_ONLY", "READ_ONLY", "server", "只读（抢救模式） (read-only for salvage)"));
  }
  auto pending = std::make_unique<PendingCommit>();
  pending->mutation = std::move(mutation);
  const ReportMutation& queued = pending->mutation;
  const std::string& request_id = queued.request_id;
  // Registered and versioned before anything is read (see RegisterAndReadVersion). A request seen
  // before returns its first response without planning; the commit thread checks again only if
  // another commit of it is in flight meanwhile (a retry racing its first attempt).
  const std::string row_key =
      ReportRowKey(queued.report_id.agency_id, queued.report_id.report_year);
  const uint64_t version = RegisterAndReadVersion(request_id, row_key);
  // Answers a request seen before from its record (or with the error reading it); false when it
  // has none.
  auto answered_from_record = [&]() -> bool {
    absl::StatusOr<std::optional<std::string>> first =
        GetRequestResponse(request_id, queued.request_fingerprint);
    if (first.ok() && !first->has_value()) return false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ReleaseRequest(request_id);
    }
    if (!first.ok()) {
      done(first.status());
    } else {
      done(Replayed(**std::move(first)));
    }
    return true;
  };
  if (!request_id.empty() && answered_from_record()) return;
  absl::StatusOr<PreparedMutation> prepared = Prepare(queued, row_key, version);
  // The plan may have failed because this request's first attempt, in flight meanwhile, wrote
  // between the look-up of its record above and the read of the report (a second create then
  // finds the report it made). Such a retry gets the first response, as it would have from the
  // commit thread had its plan succeeded.
  if (!prepared.ok() && !request_id.empty() && answered_from_record()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!prepared.ok() || stopping_) {
    if (!request_id.empty()) ReleaseRequest(request_id);
    lock.unlock();
    if (!prepared.ok()) return done(prepared.status());
    return done(nianbao::workflow::MakeStatus(absl::StatusCode::kUnavailable,
                                              {"存储正在关闭", "the store is shutting down"},
                                              "SHUTTING_DOWN"));
  }
  pending->prepared = *std::move(prepared);
  pending->done = std::move(done);
  queue_.push_back(std::move(pending));
  // Only a sleeping commit thread needs waking: a busy one finds this in the queue.
  if (queue_.size() == 1) queued_.notify_one();
}

void RocksReportStore::CommitLoop() {
  NameThisThread("nb-commit");
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    // Stopping still commits what was queued before: those callers were promised an answer.
    if (queue_.empty()) return;
    std::vector<std::unique_ptr<PendingCommit>> group;
    while (!queue_.empty() && static_cast<int>(group.size()) < options_.max_group_size) {
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    CommitGroup(group);
    {
      std::lock_guard<std::mutex> answer_lock(answer_mutex_);
      for (std::unique_ptr<PendingCommit>& pending : group) answers_.push_back(std::move(pending));
      answer_ready_.notify_one();
    }
    lock.lock();
  }
}

void RocksReportStore::AnswerLoop() {
  NameThisThread("nb-answer");
  std::unique_lock<std::mutex> lock(answer_mutex_);
  while (true) {
    answer_ready_.wait(lock, [this] { return answers_end_ || !answers_.empty(); });
    if (answers_.empty()) return;  // only once the commit thread has ended
    std::deque<std::unique_ptr<PendingCommit>> written;
    written.swap(answers_);
    lock.unlock();
    for (std::unique_ptr<PendingCommit>& pending : written) {
      pending->done(std::move(pending->outcome));
    }
    written.clear();  // the mutations' plans may hold the callers' state: release it here
    lock.lock();
  }
}

void RocksReportStore::CommitGroup(const std::vector<std::unique_ptr<PendingCommit>>& group) {
  GroupState state;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    state.global = head_;
    state.now_micros = NowMicros();
    for (const std::unique_ptr<PendingCommit>& pending : group) {
      const std::string& request_id = pending->mutation.request_id;
      if (request_id.empty()) continue;
      auto it = requests_in_flight_.find(request_id);
      pending->request_contested = it != requests_in_flight_.end() && it->second.contested;
    }
  }
  rocksdb::WriteBatch batch;
  for (const std::unique_ptr<PendingCommit>& pending : group) {
    pending->outcome = ApplyPrepared(pending->prepared, pending->request_contested, state, batch);
  }
  const bool writes = batch.Count() > 0;
  absl::Status write_status;
  if (writes) {
    if (options_.before_write_hook) write_status = options_.before_write_hook();
    if (write_status.ok()) write_status = WriteHealth();
    if (write_status.ok()) {
      rocksdb::WriteOptions write_options;
      write_options.sync = true;
      write_status = FromRocksStatus(db_->Write(write_options, &batch), "write batch");
      write_failed_ = !write_status.ok();
    }
    if (write_status.ok()) {
      for (auto& [report, head] : state.report_heads) report_heads_[report] = std::move(head);
      for (auto& [agency, head] : state.agency_heads) agency_heads_[agency] = std::move(head);
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (writes && write_status.ok()) {
      head_ = state.global;
      ++write_count_;
      written_bytes_ += static_cast<int64_t>(batch.GetDataSize());
      for (const auto& [row_key, bytes] : state.reports) ++report_versions_[row_key];
    }
    // Written or failed, the group's requests are no longer in flight: a retry from now on finds
    // the stored record itself.
    for (const std::unique_ptr<PendingCommit>& pending : group) {
      if (!pending->mutation.request_id.empty()) ReleaseRequest(pending->mutation.request_id);
    }
  }
  // A failed write wrote nothing: every outcome of the group, which may depend on an earlier
  // mutation of the group, becomes that failure.
  if (!write_status.ok()) {
    for (const std::unique_ptr<PendingCommit>& pending : group) pending->outcome = write_status;
  }
}

absl::StatusOr<CommitResult> RocksReportStore::ApplyPrepared(PreparedMutation& prepared,
                                                             bool request_contested,
                                                             GroupState& state,
                                                             rocksdb::WriteBatch& batch) {
  // 1. A retry that raced its first attempt gets the first response and writes nothing.
  const ReportMutation& mutation = *prepared.mutation;
  if (!mutation.request_id.empty()) {
    std::optional<RequestRecord> record;
    if (auto it = state.requests.find(mutation.request_id); it != state.requests.end()) {
      record = it->second;
    } else if (request_contested) {
      absl::StatusOr<std::optional<RequestRecord>> stored = ReadRequestRecord(mutation.request_id);
      if (!stored.ok()) return stored.status();
      record = *std::move(stored);
    }
    if (record) {
      absl::StatusOr<std::string> first =
          FirstResponse(*std::move(record), mutation.request_id, mutation.request_fingerprint);
      if (!first.ok()) return first.status();
      return Replayed(*std::move(first));
    }
  }

  // 2. The plan holds only if the report is still the one it was made from: the bytes an earlier
  // commit of this group leaves, or else the same count of writes since open as when it was read.
  std::optional<std::string> current;
  bool stale = false;
  if (auto it = state.reports.find(prepared.row_key); it != state.reports.end()) {
    current = it->second;
    stale = current != prepared.observed;
  } else if (ReportVersion(prepared.row_key) != prepared.observed_version) {
    absl::StatusOr<std::optional<std::string>> bytes = Get(kReports, prepared.row_key, nullptr);
    if (!bytes.ok()) return bytes.status();
    current = *std::move(bytes);
    stale = true;
  }
  if (stale) {
    // Another commit changed the report after this plan was made: plan again here, from the
    // report as the commits before this one leave it. (Done by the commit thread rather than sent
    // back to the caller, so that a busy report cannot starve anyone.)
    absl::StatusOr<PreparedMutation> replanned = PlanFrom(*prepared.mutation, std::move(current));
    if (!replanned.ok()) return replanned.status();
    prepared = *std::move(replanned);
  }

  // 3. Checks that must pass before anything goes into the batch.
  MutationPlan& plan = prepared.plan;
  for (size_t i = 0; i < plan.revisions.size(); ++i) {
    const std::string& key = prepared.revision_keys[i];
    bool exists = state.revisions.count(key) > 0;
    if (!exists) {
      absl::StatusOr<std::optional<std::string>> bytes = Get(kRevisions, key, nullptr);
      if (!bytes.ok()) return bytes.status();
      exists = bytes->has_value();
    }
    if (exists) {
      const std::string& name = plan.revisions[i].name();
      absl::Status status = nianbao::workflow::MakeStatus(
          absl::StatusCode::kAlreadyExists,
          {absl::StrCat("版本已存在，不可覆盖：", name),
           absl::StrCat("revision already exists and is never overwritten: ", name)},
          "REVISION_EXISTS", {{"revision", name}});
      nianbao::workflow::SetResourceInfo(status, nianbao::workflow::kRevisionResourceType, name);
      return status;
    }
  }
  std::vector<ChainHead*> report_heads;  // per event; nullptr for an event about no report
  std::vector<ChainHead*> agency_heads;  // per event; nullptr for an event about no agency
  for (const AuditEvent& event : plan.audit_events) {
    report_heads.push_back(nullptr);
    agency_heads.push_back(nullptr);
    if (!event.report().empty()) {
      absl::StatusOr<ChainHead*> head =
          GroupChainHead(kAuditByReport, event.report(), state.report_heads);
      if (!head.ok()) return head.status();
      report_heads.back() = *head;
    }
    if (!event.agency_id().empty()) {
      absl::StatusOr<ChainHead*> head =
          GroupChainHead(kAuditByAgency, event.agency_id(), state.agency_heads);
      if (!head.ok()) return head.status();
      agency_heads.back() = *head;
    }
  }

  // 4. Into the batch; nothing below can fail.
  CommitResult result;
  // The row written here, when the request record may reference its content (by its etag).
  std::optional<ReportRowFields> referenced_row;
  std::vector<std::string> revision_bytes(plan.revisions.size());
  for (size_t i = 0; i < plan.revisions.size(); ++i) {
    revision_bytes[i] = plan.revisions[i].SerializeAsString();
    batch.Put(cf(kRevisions), prepared.revision_keys[i], revision_bytes[i]);
    state.revisions.insert(prepared.revision_keys[i]);
  }
  if (plan.report) {
    for (const std::string& key : prepared.index_deletes) batch.Delete(cf(kIndexes), key);
    batch.Put(cf(kReports), prepared.row_key, prepared.report_bytes);
    for (const std::string& key : prepared.index_puts) batch.Put(cf(kIndexes), key, "");
    if (plan.contribution) {
      // Replaces the agency-year's previous contribution: the roll-up moves by the difference.
      batch.Put(cf(kIndexes),
                ContributionKey(plan.contribution->report_year(), plan.contribution->agency_id()),
                plan.contribution->SerializeAsString());
    }
    std::optional<std::string>& written = state.reports[prepared.row_key];
    written = std::move(prepared.report_bytes);
    // prepared.observed is the row replaced here: PlanFrom set it to the bytes checked above. The
    // fields returned view `written`, which no later commit of the group replaces before this
    // commit's record is made below.
    referenced_row =
        PutContentPatch(prepared.id, prepared.observed, *written, state.now_micros, batch);
    result.report = std::move(plan.report);
  }
  for (size_t i = 0; i < plan.audit_events.size(); ++i) {
    AuditEvent& event = plan.audit_events[i];
    ChainHead* report_head = report_heads[i];
    event.set_sequence(state.global.sequence + 1);
    event.set_previous_hash(state.global.hash.empty() ? ZeroHash() : state.global.hash);
    if (report_head != nullptr) {
      event.set_report_sequence(report_head->sequence + 1);
      event.set_report_previous_hash(report_head->hash.empty() ? ZeroHash() : report_head->hash);
    } else {
      // An event about no report is in no report chain.
      event.set_report_sequence(0);
      event.clear_report_previous_hash();
    }
    ChainHead* agency_head = agency_heads[i];
    if (agency_head != nullptr) {
      event.set_agency_sequence(agency_head->sequence + 1);
      event.set_agency_previous_hash(agency_head->hash.empty() ? ZeroHash() : agency_head->hash);
    } else {
      event.set_agency_sequence(0);
      event.clear_agency_previous_hash();
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
    if (agency_head != nullptr) {
      batch.Put(cf(kAuditByAgency), AgencyAuditKey(event.agency_id(), event.agency_sequence()),
                audit_key);
      agency_head->sequence = event.agency_sequence();
      agency_head->hash = event.agency_hash();
    }
  }
  result.audit_events = std::move(plan.audit_events);
  if (!plan.result.ok()) return plan.result;
  if (!prepared.mutation->request_id.empty()) {
    // The record references the content of the revisions written here instead of holding it
    // again (request_record.h).
    std::vector<RevisionBytes> revisions;
    for (size_t i = 0; i < plan.revisions.size(); ++i) {
      revisions.push_back(
          RevisionBytes{plan.revisions[i].revision(), plan.revisions[i].kind(), revision_bytes[i]});
    }
    if (prepared.frozen_revision > 0) {
      revisions.push_back(
          RevisionBytes{prepared.frozen_revision, prepared.frozen_kind, prepared.frozen_bytes});
    }
    // And the content of the row written here, by its etag, in place of a draft edit's content.
    batch.Put(cf(kRequests), prepared.mutation->request_id,
              EncodeRequestRecord(SplitResponse(prepared.mutation->request_fingerprint,
                                                state.now_micros, prepared.id.agency_id,
                                                prepared.id.report_year, plan.response, revisions,
                                                referenced_row ? &*referenced_row : nullptr)));
    state.requests[prepared.mutation->request_id] =
        RequestRecord{prepared.mutation->request_fingerprint, plan.response};
  }
  result.response = std::move(plan.response);
  return result;
}

}  // namespace nianbao::storage
