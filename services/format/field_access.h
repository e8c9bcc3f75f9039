// How an entry of the format layout reaches its part of a report: a field path and plain function
// pointers (no std::function, no allocation) that test, read and write it. The macros below spell
// the path and the accessors from the same field names, so that they cannot disagree; they are
// for the layout's own .cc files.
#ifndef NIANBAO_SERVICES_FORMAT_FIELD_ACCESS_H_
#define NIANBAO_SERVICES_FORMAT_FIELD_ACCESS_H_

#include "nianbao/v1/report.pb.h"

namespace nianbao::format {

// A message field of `Parent` (a table) holding a `Field` (a row or group).
template <typename Parent, typename Field>
struct FieldAccess {
  // From the report, e.g. "applications.table.withheld.state_secret", and from Parent, e.g.
  // "withheld.state_secret".
  const char* path;
  const char* field;
  // Whether the field (and every message on the way to it) is set.
  bool (*has)(const Parent&);
  // The field, or its default instance when unset.
  const Field& (*get)(const Parent&);
  // The field, created with its parents when unset.
  Field* (*mutable_get)(Parent&);
};

// A column of a table: a count cell of every `Row` message, with its names.
template <typename Row>
struct CountColumn {
  const char* field;    // In Row, e.g. "natural_person".
  const char* name_zh;  // As the format heads the column, e.g. "自然人".
  const char* name_en;  // "natural persons".
  const nianbao::v1::CountCell& (*get)(const Row&);
  nianbao::v1::CountCell* (*mutable_get)(Row&);
};

}  // namespace nianbao::format

// A FieldAccess for Parent's field `name`; `prefix` is Parent's path from the report, with its dot.
#define NIANBAO_FORMAT_FIELD(Parent, prefix, name)                       \
  {                                                                      \
    prefix #name, #name, [](const Parent& p) { return p.has_##name(); }, \
        [](const Parent& p) -> const auto& {                             \
      return p.name();                                                   \
    }                                                                    \
    , [](Parent& p) { return p.mutable_##name(); }                       \
  }
// A FieldAccess for Parent's field `group.name`.
#define NIANBAO_FORMAT_SUBFIELD(Parent, prefix, group, name)                       \
  {                                                                                \
    prefix #group "." #name, #group "." #name,                                     \
        [](const Parent& p) { return p.has_##group() && p.group().has_##name(); }, \
        [](const Parent& p) -> const auto& {                                       \
      return p.group().name();                                                     \
    }                                                                              \
    , [](Parent& p) { return p.mutable_##group()->mutable_##name(); }              \
  }
// A CountColumn for Row's count cell `name`.
#define NIANBAO_FORMAT_COUNT_COLUMN(Row, name, name_zh, name_en)                  \
  {                                                                               \
#name, name_zh, name_en, [](const Row& r) -> const auto& { return r.name(); } \
    , [](Row& r) { return r.mutable_##name(); }                                   \
  }

#endif  // NIANBAO_SERVICES_FORMAT_FIELD_ACCESS_H_
