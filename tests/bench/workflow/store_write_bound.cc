#include "tests/bench/workflow/store_write_bound.h"

#include <unistd.h>

#include <cstdio>

#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/prezeroed_wal_file_system.h"

namespace nianbao::testing {
namespace {

// The families an edit writes, in the order of families_.
enum Family { kReports, kAudit, kAuditByReport, kIndexes, kRequests, kDefault };
constexpr int kReportRows = 8;  // the benchmark's clients at 8 edit one report each

// Sizes of what an UpdateReport of a draft without content writes.
constexpr size_t kReportBytes = 330;
constexpr size_t kAuditEventBytes = 400;
constexpr size_t kRequestRecordBytes = 250;

std::string Key(const char* kind, uint64_t n) {
  char key[48];
  std::snprintf(key, sizeof(key), "%s/%016llx", kind, static_cast<unsigned long long>(n));
  return key;
}

}  // namespace

StoreWriteBound::StoreWriteBound(const std::string& dir)
    : path_(dir + "/store-write-bound-" + std::to_string(getpid())) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.env = nianbao::storage::PreZeroedWalEnv();
  rocksdb::BlockBasedTableOptions table_options;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions family_options(options);
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : {"reports", "audit", "audit_by_report", "indexes", "requests"}) {
    descriptors.emplace_back(name, family_options);
  }
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family_options);
  rocksdb::DB* db = nullptr;
  if (!rocksdb::DB::Open(options, path_, descriptors, &families_, &db).ok()) return;
  db_.reset(db);
  rocksdb::WriteBatch rows;
  for (int row = 0; row < kReportRows; ++row) {
    rows.Put(families_[kReports], Key("report", row), std::string(kReportBytes, 'r'));
  }
  rocksdb::WriteOptions synced;
  synced.sync = true;
  if (!db_->Write(synced, &rows).ok()) db_.reset();
}

StoreWriteBound::~StoreWriteBound() {
  if (db_ != nullptr) {
    for (rocksdb::ColumnFamilyHandle* family : families_) {
      (void)db_->DestroyColumnFamilyHandle(family);
    }
    (void)db_->Close();
    db_.reset();
  }
  rocksdb::Options options;
  (void)rocksdb::DestroyDB(path_, options);
}

bool StoreWriteBound::ReadReport() {
  std::string value;
  const uint64_t row = reads_.fetch_add(1, std::memory_order_relaxed) % kReportRows;
  return db_->Get(rocksdb::ReadOptions(), families_[kReports], Key("report", row), &value).ok();
}

bool StoreWriteBound::WriteGroup(size_t calls) {
  rocksdb::WriteBatch batch;
  for (size_t i = 0; i < calls; ++i) {
    const uint64_t n = writes_++;
    batch.Put(families_[kReports], Key("report", n % kReportRows), std::string(kReportBytes, 'r'));
    if (n >= kReportRows) batch.Delete(families_[kIndexes], Key("time", n - kReportRows));
    batch.Put(families_[kIndexes], Key("time", n), "");
    batch.Put(families_[kAudit], Key("event", n), std::string(kAuditEventBytes, 'a'));
    batch.Put(families_[kAuditByReport], Key("chain", n), Key("event", n));
    batch.Put(families_[kRequests], Key("request", n), std::string(kRequestRecordBytes, 'q'));
  }
  rocksdb::WriteOptions synced;
  synced.sync = true;
  return db_->Write(synced, &batch).ok();
}

}  // namespace nianbao::testing
