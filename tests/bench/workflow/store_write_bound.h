// The writes and the read every edit of a report must make, through RocksDB itself and nothing
// else: the floor nianbao-workflowd's store stands on. For each call, one point read of a report
// row (as a plan reads the report it changes); for each group of calls, one synced WriteBatch
// holding, per call, what an UpdateReport writes: the report row, the update-time index entry
// replaced (a delete and a put), the audit event, its entry in the report's chain and the request
// record, in column families of their own and of about the same sizes (~1 KiB a call, as the
// WAL records of the benchmark's edits measure). The database is opened as the store opens it
// (zero-filled WAL, Bloom filters), without the store's own work: no plan, no hashing, no
// parsing. SyncWaitServer serves calls over it as it serves its other group waits, so the
// figure says what a durable edit costs when everything the server adds is free.
#ifndef NIANBAO_TESTS_BENCH_WORKFLOW_STORE_WRITE_BOUND_H_
#define NIANBAO_TESTS_BENCH_WORKFLOW_STORE_WRITE_BOUND_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rocksdb/db.h"

namespace nianbao::testing {

class StoreWriteBound {
 public:
  // Opens a new database in a directory of its own under `dir`.
  explicit StoreWriteBound(const std::string& dir);
  ~StoreWriteBound();
  StoreWriteBound(const StoreWriteBound&) = delete;
  StoreWriteBound& operator=(const StoreWriteBound&) = delete;

  bool ok() const { return db_ != nullptr; }
  // One call's read of a report row; false if it failed or found nothing.
  bool ReadReport();
  // One synced WriteBatch for `calls` calls; false if it failed.
  bool WriteGroup(size_t calls);

 private:
  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> families_;
  std::atomic<uint64_t> reads_{0};
  uint64_t writes_ = 0;  // calls written so far; only WriteGroup's one thread touches it
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_BENCH_WORKFLOW_STORE_WRITE_BOUND_H_
