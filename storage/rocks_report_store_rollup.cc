// The office's roll-up contributions in the store: a year's range of the indexes family, read from
// one snapshot (as parsed records, or as the stored bytes for readers that parse them their own
// way), the one-time rebuild with the version it records, and the reads of a report or revision
// without its content that the filing status makes. Commits write the contributions
// (rocks_report_store_commit.cc) in the batch of the publication they come from.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"
#include "workflow/wire_fields.h"

namespace nianbao::storage {

using nianbao::storage::v1::RollupRecord;

absl::Status RocksReportStore::ScanContributions(
    int32_t report_year, const std::vector<std::string>* agency_ids,
    const std::function<absl::Status(absl::string_view record)>& visit) {
  const std::string prefix = ContributionPrefix(report_year);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  // An iterator reads one implicit snapshot: the contributions agree with each other.
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kIndexes)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    if (agency_ids != nullptr) {
      absl::string_view rest(it->key().data(), it->key().size());
      rest.remove_prefix(prefix.size());
      absl::StatusOr<std::string> agency = ConsumeString(&rest);
      if (!agency.ok()) return agency.status();
      if (!std::binary_search(agency_ids->begin(), agency_ids->end(), *agency)) continue;
    }
    // The iterator's bytes, not a copy: a copy of each value cost as much as its parse.
    if (absl::Status s = visit(absl::string_view(it->value().data(), it->value().size()));
        !s.ok()) {
      return s;
    }
  }
  return FromRocksStatus(it->status(), "list roll-up contributions");
}

absl::StatusOr<std::vector<RollupRecord>> RocksReportStore::ListContributions(
    int32_t report_year, const std::vector<std::string>* agency_ids) {
  std::vector<RollupRecord> out;
  absl::Status status =
      ScanContributions(report_year, agency_ids, [&](absl::string_view bytes) -> absl::Status {
        if (!out.emplace_back().ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return absl::DataLossError("stored roll-up contribution does not parse");
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::map<std::string, nianbao::v1::ReportState>> RocksReportStore::ListReportStates(
    int32_t report_year) {
  // The state index's keys (tag, state, agency_id, year) say it all: no report row is read.
  std::map<std::string, nianbao::v1::ReportState> states;
  const std::string prefix(1, kStateIndexTag);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kIndexes)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    absl::string_view rest(it->key().data(), it->key().size());
    if (rest.size() < 2) return absl::DataLossError("state index key is truncated");
    const auto state = static_cast<nianbao::v1::ReportState>(static_cast<unsigned char>(rest[1]));
    rest.remove_prefix(2);
    absl::StatusOr<std::string> agency = ConsumeString(&rest);
    absl::StatusOr<int32_t> year = agency.ok() ? ConsumeInt32(&rest) : agency.status();
    if (!year.ok()) return year.status();
    if (*year == report_year) states[*std::move(agency)] = state;
  }
  if (absl::Status s = FromRocksStatus(it->status(), "list report states"); !s.ok()) return s;
  return states;
}

absl::StatusOr<std::optional<RollupRecord>> RocksReportStore::GetContribution(const ReportId& id) {
  absl::StatusOr<std::optional<std::string>> bytes =
      Get(kIndexes, ContributionKey(id.report_year, id.agency_id), nullptr);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<RollupRecord>();
  absl::StatusOr<RollupRecord> contribution =
      ParseStored<RollupRecord>(**bytes, "roll-up contribution");
  if (!contribution.ok()) return contribution.status();
  return std::optional<RollupRecord>(*std::move(contribution));
}

namespace {

// Reads `key` of `family` and parses it without its `content` field into `*message`; false when
// there is no such key (the caller's full read then says NOT_FOUND as it always does).
absl::StatusOr<bool> ReadWithoutContent(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                                        const std::string& key,
                                        google::protobuf::Message* message) {
  rocksdb::PinnableSlice value;  // the block cache's bytes, not a copy
  rocksdb::Status status = db->Get(rocksdb::ReadOptions(), family, key, &value);
  if (status.IsNotFound()) return false;
  if (absl::Status s = FromRocksStatus(status, "read"); !s.ok()) return s;
  // The content (most of the bytes) is stepped over, not parsed.
  std::string rest;
  absl::string_view skipped;
  int occurrences = 0;
  const int content = message->GetDescriptor()->FindFieldByName("content")->number();
  if (!nianbao::workflow::SplitOffField(absl::string_view(value.data(), value.size()), content,
                                        &rest, &skipped, &occurrences) ||
      !message->ParseFromString(rest)) {
    return absl::DataLossError(
        absl::StrCat("stored ", message->GetDescriptor()->name(), " does not parse"));
  }
  return true;
}

}  // namespace

absl::StatusOr<nianbao::v1::Report> RocksReportStore::GetReportWithoutContent(const ReportId& id) {
  nianbao::v1::Report report;
  absl::StatusOr<bool> found = ReadWithoutContent(
      db_.get(), cf(kReports), ReportRowKey(id.agency_id, id.report_year), &report);
  if (!found.ok()) return found.status();
  if (!*found) return GetReport(id);  // its NOT_FOUND, with the details
  return report;
}

absl::StatusOr<nianbao::v1::ReportRevision> RocksReportStore::GetRevisionWithoutContent(
    const ReportId& id, int64_t revision, nianbao::v1::RevisionKind kind) {
  nianbao::v1::ReportRevision stored;
  absl::StatusOr<bool> found =
      ReadWithoutContent(db_.get(), cf(kRevisions),
                         RevisionKey(id.agency_id, id.report_year, revision, kind), &stored);
  if (!found.ok()) return found.status();
  if (!*found) return GetRevision(id, revision, kind);  // its NOT_FOUND, with the details
  return stored;
}

absl::StatusOr<bool> RocksReportStore::ContributionsBuilt() {
  absl::StatusOr<std::optional<std::string>> marker =
      Get(kMeta, std::string(kContributionsBuiltKey), nullptr);
  if (!marker.ok()) return marker.status();
  return marker->has_value();
}

absl::StatusOr<std::string> RocksReportStore::ContributionsVersion() {
  absl::StatusOr<std::optional<std::string>> marker =
      Get(kMeta, std::string(kContributionsBuiltKey), nullptr);
  if (!marker.ok()) return marker.status();
  return marker->value_or("");
}

absl::Status RocksReportStore::RebuildContributions(const std::vector<RollupRecord>& contributions,
                                                    absl::string_view version) {
  if (options_.read_only) {
    return absl::FailedPreconditionError("数据库只读 (the store is read-only)");
  }
  rocksdb::WriteBatch batch;
  // Whatever an earlier build left goes first: the rebuilt set is the whole truth. Point deletes,
  // not DeleteRange: the indexes family inserts with per-prefix hints, and RocksDB 7.8 shares a
  // memtable's hints between its point and range-deletion tables (a range tombstone starting with
  // the tag leaves a hint into the wrong skip list: the next contribution's insert fails an
  // assertion, or corrupts the memtable in a release build).
  const std::string first(1, kContributionTag);
  const std::string end = PrefixSuccessor(first);
  rocksdb::Slice end_slice(end);
  rocksdb::ReadOptions read_options;
  read_options.iterate_upper_bound = &end_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kIndexes)));
  for (it->Seek(first); it->Valid(); it->Next()) batch.Delete(cf(kIndexes), it->key());
  if (absl::Status s = FromRocksStatus(it->status(), "list old roll-up contributions"); !s.ok()) {
    return s;
  }
  it.reset();
  for (const RollupRecord& contribution : contributions) {
    batch.Put(cf(kIndexes), ContributionKey(contribution.report_year(), contribution.agency_id()),
              contribution.SerializeAsString());
  }
  batch.Put(cf(kMeta), std::string(kContributionsBuiltKey),
            rocksdb::Slice(version.data(), version.size()));
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocksStatus(db_->Write(write_options, &batch), "rebuild roll-up contributions");
}

}  // namespace nianbao::storage
