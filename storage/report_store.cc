#include "storage/report_store.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace nianbao::storage {

PlanFunction RecordEventPlan(nianbao::v1::AuditEvent event, absl::Status result) {
  return [event = std::move(event), result = std::move(result)](
             const std::optional<nianbao::v1::Report>&) -> absl::StatusOr<MutationPlan> {
    MutationPlan plan;
    plan.audit_events.push_back(event);
    plan.result = result;
    return plan;
  };
}

absl::StatusOr<CommitResult> ReportStore::Commit(ReportMutation mutation) {
  std::mutex mutex;
  std::condition_variable done;
  std::optional<absl::StatusOr<CommitResult>> outcome;
  CommitAsync(std::move(mutation), [&](absl::StatusOr<CommitResult> result) {
    std::lock_guard<std::mutex> lock(mutex);
    outcome = std::move(result);
    done.notify_one();
  });
  std::unique_lock<std::mutex> lock(mutex);
  done.wait(lock, [&outcome] { return outcome.has_value(); });
  return *std::move(outcome);
}

}  // namespace nianbao::storage
