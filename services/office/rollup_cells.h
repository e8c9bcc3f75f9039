// Tables 2, 3 and 4 as flat cells: what a roll-up record stores (nianbao.storage.v1.RollupCells)
// and how a roll-up adds them. Summing AnnualReport messages by reflection cost about 33 µs per
// contribution, most of it allocating and freeing a message per cell when records were parsed; flat
// cells parse as three arrays and add as integers, and the total becomes an AnnualReport once.
//
// The layout (the order of the cells) is derived once from report.proto's descriptors: every
// message field and FormatVersion field of the three table messages, depth first in declaration
// order, so a row added to report.proto is summed without a change here. Its fingerprint is stored
// with the cells: cells of another layout are refused, and workflowd rebuilds the records at start
// when the layout changed (rollup_rebuild.h).
//
// Flattening and then adding gives exactly what AddContribution (rollup_math.h) gives for the same
// contributions: the same rows and cells present, blank cells blank, amounts exact, format versions
// merged.
#ifndef NIANBAO_SERVICES_OFFICE_ROLLUP_CELLS_H_
#define NIANBAO_SERVICES_OFFICE_ROLLUP_CELLS_H_

#include <cstdint>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/arena.h"
#include "nianbao/storage/v1/rollup.pb.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::office {

// The fingerprint of this build's cell layout (RollupCells.layout).
uint64_t CellLayoutFingerprint();

// Tables 2-4 of `report` as flat cells. Text in a count cell and an amount's text or written form
// are not kept (as RollupContribution drops them); everything outside the three tables is ignored.
nianbao::storage::v1::RollupCells FlattenTables(const nianbao::v1::AnnualReport& report);

// A roll-up's running total over flat cells. Not thread-safe; cheap to create.
class CellTotal {
 public:
  CellTotal();

  // Adds one record's contribution: its cells, or for a record written before cells were kept, its
  // tables (flattened here, the slow way). Errors leave the total unchanged: FAILED_PRECONDITION
  // for cells of another layout; INVALID_ARGUMENT for an amount whose nanos are out of range or of
  // the other sign than its units; DATA_LOSS for cells whose values do not match their bits.
  [[nodiscard]] absl::Status Add(const nianbao::storage::v1::RollupRecord& record);
  [[nodiscard]] absl::Status Add(const nianbao::storage::v1::RollupCells& cells);

  // The total as tables 2-4 (nothing else set). OUT_OF_RANGE naming the field when a count leaves
  // int32 or an amount leaves int64 units (judged on the total, not on each partial sum).
  [[nodiscard]] absl::Status ToReport(nianbao::v1::AnnualReport* out) const;

 private:
  std::vector<uint8_t> present_;
  std::vector<uint8_t> filled_;
  // Per layout entry: a count's sum, an amount's sum in billionths, a merged format version.
  std::vector<absl::int128> sums_;
};

// Parses stored records one after another into a reused arena block: a record's timestamps,
// cells and strings cost no allocation of their own (parsing into one reused message would not
// help: proto3's Clear frees its sub-messages). Each record parsed is valid until the next Parse.
class RecordArena {
 public:
  RecordArena();
  // DATA_LOSS when `bytes` is not a RollupRecord.
  [[nodiscard]] absl::StatusOr<const nianbao::storage::v1::RollupRecord*> Parse(
      absl::string_view bytes);

 private:
  std::vector<char> block_;
  google::protobuf::Arena arena_;
};

// One record's tables as an AnnualReport (CellTotal of that record alone).
[[nodiscard]] absl::StatusOr<nianbao::v1::AnnualReport> RecordTables(
    const nianbao::storage::v1::RollupRecord& record);

}  // namespace nianbao::office

#endif  // NIANBAO_SERVICES_OFFICE_ROLLUP_CELLS_H_
