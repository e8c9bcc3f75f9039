#include "workflow/request_limits.h"

#include <functional>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int32_t kMaxNanos = 999'999'999;

// The limits every "name" of a transition or read has.
absl::Status CheckName(absl::string_view field, absl::string_view name) {
  return CheckTextLimit(field, name, kMaxResourceNameBytes);
}

// The fields every simple transition request has: name, etag and request_id.
template <typename Request>
absl::Status CheckTransitionBasics(const Request& request) {
  if (absl::Status s = CheckName("name", request.name()); !s.ok()) return s;
  if (absl::Status s = CheckTextLimit("etag", request.etag(), kMaxEtagBytes); !s.ok()) return s;
  return CheckTextLimit("request_id", request.request_id(), kMaxRequestIdBytes);
}

// A non-empty agency_id filter names a valid agency id (it is recorded in the read's event).
absl::Status CheckAgencyFilter(absl::string_view agency_id) {
  if (absl::Status s = CheckTextLimit("agency_id", agency_id, kMaxResourceNameBytes); !s.ok()) {
    return s;
  }
  if (agency_id.empty() || IsValidAgencyId(agency_id)) return absl::OkStatus();
  return InvalidField("agency_id",
                      {absl::StrCat("机关标识只能由小写字母、数字和连字符组成（1至63个字符）：",
                                    QuoteForError(agency_id)),
                       absl::StrCat("agency_id must be 1-63 lowercase letters, digits or '-', got ",
                                    QuoteForError(agency_id))});
}

absl::Status CheckDecimal(absl::string_view field, const v1::Decimal& decimal) {
  const int64_t units = decimal.units();
  const int32_t nanos = decimal.nanos();
  const bool in_range = nanos >= -kMaxNanos && nanos <= kMaxNanos;
  const bool same_sign = !(units > 0 && nanos < 0) && !(units < 0 && nanos > 0);
  if (in_range && same_sign) return absl::OkStatus();
  const std::string path = absl::StrCat(field, ".nanos");
  return InvalidField(path, {absl::StrCat("金额的小数部分（十亿分之一）应在 -999999999 至 "
                                          "999999999 之间且与整数部分同号：units ",
                                          units, "，nanos ", nanos),
                             absl::StrCat("nanos must be within ±999999999 and have the sign of "
                                          "units: units ",
                                          units, ", nanos ", nanos)});
}

// Whether a message of `type` can hold a Decimal (Decimal itself included), from the descriptors of
// the report model, found once: CheckDecimals runs on every edit, and this lets it walk only the
// few fields that lead to an amount instead of the whole report.
bool ReachesDecimal(const Descriptor* type) {
  static const std::set<const Descriptor*>* const kReaching = [] {
    auto* reaching = new std::set<const Descriptor*>;
    std::map<const Descriptor*, bool> seen;
    std::function<bool(const Descriptor*)> visit = [&](const Descriptor* d) {
      // A type met again while it is being visited (a recursive message) adds nothing new.
      if (auto [it, inserted] = seen.emplace(d, false); !inserted) return it->second;
      bool reaches = d == v1::Decimal::descriptor();
      for (int i = 0; i < d->field_count(); ++i) {
        const Descriptor* sub = d->field(i)->message_type();
        if (sub != nullptr && visit(sub)) reaches = true;
      }
      seen[d] = reaches;
      if (reaches) reaching->insert(d);
      return reaches;
    };
    visit(v1::AnnualReport::descriptor());
    return reaching;
  }();
  return kReaching->count(type) > 0;
}

}  // namespace

std::string QuoteForError(absl::string_view value) {
  if (value.size() <= kMaxQuotedBytes) return absl::StrCat("\"", value, "\"");
  size_t end = kMaxQuotedBytes;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat("\"", value.substr(0, end), "\"…(", value.size(), " bytes)");
}

absl::Status CheckTextLimit(absl::string_view field, absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return absl::OkStatus();
  return InvalidField(
      field,
      {absl::StrCat(field, " 过长：", value.size(), " 字节，上限为 ", max_bytes, " 字节"),
       absl::StrCat(field, " is too long: ", value.size(), " bytes, the limit is ", max_bytes)});
}

absl::Status CheckCountLimit(absl::string_view field, int count, int max_count) {
  if (count <= max_count) return absl::OkStatus();
  return InvalidField(
      field, {absl::StrCat(field, " 条目过多：", count, " 项，上限为 ", max_count, " 项"),
              absl::StrCat(field, " has too many entries: ", count, ", the limit is ", max_count)});
}

absl::Status CheckReportYear(absl::string_view field, int32_t year) {
  if (year >= kFirstReportYear && year <= kLastReportYear) return absl::OkStatus();
  return InvalidField(field, {absl::StrCat("报告年度应在 ", kFirstReportYear, " 至 ",
                                           kLastReportYear, " 之间：", year),
                              absl::StrCat("report_year must be ", kFirstReportYear, " to ",
                                           kLastReportYear, ", got ", year)});
}

absl::Status CheckContentSize(absl::string_view field, const v1::AnnualReport& content) {
  return CheckContentSize(field, content.ByteSizeLong());
}

absl::Status CheckContentSize(absl::string_view field, size_t size) {
  if (size <= kMaxContentBytes) return absl::OkStatus();
  return InvalidField(
      field,
      {absl::StrCat("报告内容过大：", size, " 字节，上限为 ", kMaxContentBytes, " 字节"),
       absl::StrCat("the report content is ", size, " bytes, the limit is ", kMaxContentBytes)});
}

absl::Status CheckDecimals(absl::string_view field, const Message& message) {
  if (message.GetDescriptor() == v1::Decimal::descriptor()) {
    return CheckDecimal(field, static_cast<const v1::Decimal&>(message));
  }
  if (!ReachesDecimal(message.GetDescriptor())) return absl::OkStatus();
  const Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // only the fields that are set
  for (const FieldDescriptor* sub : fields) {
    if (sub->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
        !ReachesDecimal(sub->message_type())) {
      continue;
    }
    if (sub->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, sub); ++i) {
        if (absl::Status s = CheckDecimals(absl::StrCat(field, ".", sub->name(), "[", i, "]"),
                                           reflection->GetRepeatedMessage(message, sub, i));
            !s.ok()) {
          return s;
        }
      }
    } else if (absl::Status s = CheckDecimals(absl::StrCat(field, ".", sub->name()),
                                              reflection->GetMessage(message, sub));
               !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRequestLimits(const v1::CreateReportRequest& request) {
  if (absl::Status s = CheckName("parent", request.parent()); !s.ok()) return s;
  if (absl::Status s = CheckTextLimit("request_id", request.request_id(), kMaxRequestIdBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckContentSize("content", request.content()); !s.ok()) return s;
  return CheckDecimals("content", request.content());
}

absl::Status CheckRequestLimits(const v1::GetReportRequest& request) {
  return CheckName("name", request.name());
}

absl::Status CheckRequestLimits(const v1::GetRevisionRequest& request) {
  return CheckName("name", request.name());
}

absl::Status CheckRequestLimits(const v1::UpdateReportRequest& request) {
  if (absl::Status s = CheckName("report.name", request.report().name()); !s.ok()) return s;
  if (absl::Status s = CheckTextLimit("report.etag", request.report().etag(), kMaxEtagBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckTextLimit("request_id", request.request_id(), kMaxRequestIdBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckCountLimit("update_mask.paths", request.update_mask().paths_size(),
                                       kMaxUpdateMaskPaths);
      !s.ok()) {
    return s;
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (absl::Status s = CheckTextLimit("update_mask.paths", path, kMaxFieldPathBytes); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckContentSize("report.content", request.report().content()); !s.ok()) {
    return s;
  }
  return CheckDecimals("report.content", request.report().content());
}

absl::Status CheckRequestLimits(const v1::ListReportsRequest& request) {
  if (absl::Status s = CheckName("parent", request.parent()); !s.ok()) return s;
  return CheckTextLimit("page_token", request.page_token(), kMaxPageTokenBytes);
}

absl::Status CheckRequestLimits(const v1::ListRevisionsRequest& request) {
  if (absl::Status s = CheckName("parent", request.parent()); !s.ok()) return s;
  return CheckTextLimit("page_token", request.page_token(), kMaxPageTokenBytes);
}

absl::Status CheckRequestLimits(const v1::SubmitReportRequest& request) {
  if (absl::Status s = CheckTransitionBasics(request); !s.ok()) return s;
  if (absl::Status s = CheckCountLimit(
          "acknowledged_warnings", request.acknowledged_warnings_size(), kMaxAcknowledgedWarnings);
      !s.ok()) {
    return s;
  }
  for (const std::string& code : request.acknowledged_warnings()) {
    if (absl::Status s = CheckTextLimit("acknowledged_warnings", code, kMaxWarningCodeBytes);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRequestLimits(const v1::ApproveReportRequest& request) {
  if (absl::Status s = CheckTransitionBasics(request); !s.ok()) return s;
  return CheckTextLimit("comment", request.comment(), kMaxReasonBytes);
}

absl::Status CheckRequestLimits(const v1::RejectReportRequest& request) {
  if (absl::Status s = CheckTransitionBasics(request); !s.ok()) return s;
  return CheckTextLimit("reason", request.reason(), kMaxReasonBytes);
}

absl::Status CheckRequestLimits(const v1::PublishReportRequest& request) {
  return CheckTransitionBasics(request);
}

absl::Status CheckRequestLimits(const v1::WithdrawReportRequest& request) {
  if (absl::Status s = CheckTransitionBasics(request); !s.ok()) return s;
  return CheckTextLimit("reason", request.reason(), kMaxReasonBytes);
}

absl::Status CheckRequestLimits(const v1::CorrectReportRequest& request) {
  if (absl::Status s = CheckTransitionBasics(request); !s.ok()) return s;
  return CheckTextLimit("reason", request.reason(), kMaxReasonBytes);
}

absl::Status CheckRequestLimits(const v1::ListAuditEventsRequest& request) {
  if (absl::Status s = CheckName("report", request.report()); !s.ok()) return s;
  if (absl::Status s = CheckAgencyFilter(request.agency_id()); !s.ok()) return s;
  if (absl::Status s = CheckTextLimit("actor", request.actor(), kMaxPrincipalNameBytes); !s.ok()) {
    return s;
  }
  return CheckTextLimit("page_token", request.page_token(), kMaxPageTokenBytes);
}

absl::Status CheckRequestLimits(const v1::StreamAuditEventsRequest& request) {
  return CheckAgencyFilter(request.agency_id());
}

absl::Status CheckRequestLimits(const v1::VerifyChainRequest& request) {
  if (absl::Status s = CheckName("report", request.report()); !s.ok()) return s;
  return CheckAgencyFilter(request.agency_id());
}

absl::Status CheckRequestLimits(const v1::GetCheckpointRequest& request) {
  return CheckAgencyFilter(request.agency_id());
}

}  // namespace nianbao::workflow
