// Checks shared by the layout tests: every FieldAccess and CountColumn of a table resolves, by
// reflection (field_path.h), to the message its accessors return, and touches nothing else.
#ifndef NIANBAO_TESTS_UNIT_FORMAT_LAYOUT_CHECKS_H_
#define NIANBAO_TESTS_UNIT_FORMAT_LAYOUT_CHECKS_H_

#include <cstddef>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "gtest/gtest.h"
#include "nianbao/v1/report.pb.h"
#include "services/format/field_access.h"
#include "tests/unit/format/field_path.h"

namespace nianbao::format::reflection {

// For each entry (a FieldAccess<Parent, Field> or a type derived from it): its path is
// `parent_path` + its field and resolves by reflection to a Field; on a fresh report, has() is
// false and get() the default instance; mutable_get() returns the resolved message, which get()
// then returns too; and it sets that entry alone.
template <typename Parent, typename Field, typename Entry>
void ExpectFieldsResolve(absl::Span<const Entry> entries, absl::string_view parent_path,
                         Parent* (*parent_of)(nianbao::v1::AnnualReport&)) {
  for (const Entry& entry : entries) {
    const FieldAccess<Parent, Field>& access = entry;
    SCOPED_TRACE(access.path);
    EXPECT_EQ(std::string(access.path), absl::StrCat(parent_path, access.field));
    EXPECT_EQ(MessageTypeAt(*nianbao::v1::AnnualReport::descriptor(), access.path),
              Field::descriptor()->full_name());
    nianbao::v1::AnnualReport report;
    Parent& parent = *parent_of(report);
    EXPECT_FALSE(access.has(parent));
    EXPECT_EQ(&access.get(parent), &Field::default_instance());
    google::protobuf::Message* resolved = MutableMessageAt(report, access.path);
    EXPECT_EQ(access.mutable_get(parent), resolved);
    EXPECT_EQ(&access.get(std::as_const(parent)), resolved);
    for (const Entry& other : entries) {
      EXPECT_EQ(other.has(parent), &other == &entry) << other.path;
      EXPECT_EQ(HasMessageAt(report, other.path), &other == &entry) << other.path;
    }
  }
}

// entries[i].id indexes entry i, and `lookup` finds it by its id.
template <typename Entry, typename Id>
void ExpectIdsIndex(absl::Span<const Entry> entries, const Entry& (*lookup)(Id)) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(entries[i].id), i) << entries[i].path;
    EXPECT_EQ(&lookup(entries[i].id), &entries[i]) << entries[i].path;
  }
}

// Each column's field, Chinese and English names are unique, and its field resolves by reflection
// in Row to the cell its accessors return.
template <typename Row>
void ExpectColumnsResolve(absl::Span<const CountColumn<Row>> columns) {
  std::set<std::string> fields, names_zh, names_en;
  for (const CountColumn<Row>& column : columns) {
    SCOPED_TRACE(column.field);
    EXPECT_TRUE(fields.insert(column.field).second);
    EXPECT_TRUE(names_zh.insert(column.name_zh).second);
    EXPECT_TRUE(names_en.insert(column.name_en).second);
    Row row;
    google::protobuf::Message* resolved = MutableMessageAt(row, column.field);
    ASSERT_NE(resolved, nullptr);
    EXPECT_EQ(column.mutable_get(row), resolved);
    EXPECT_EQ(&column.get(std::as_const(row)), resolved);
  }
}

}  // namespace nianbao::format::reflection

#endif  // NIANBAO_TESTS_UNIT_FORMAT_LAYOUT_CHECKS_H_
