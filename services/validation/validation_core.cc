#include "services/validation/validation_core.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/common/error_details.h"
#include "services/validation/rule_catalog.h"
#include "services/validation/validator.h"
#include "workflow/report_years.h"

namespace nianbao::validation {
namespace {

using google::protobuf::internal::WireFormatLite;
using nianbao::service::BadRequestError;

// One range with the workflow's create (workflow/report_years.h), so that every report the
// workflow accepts can be validated.
using nianbao::workflow::kFirstReportYear;
using nianbao::workflow::kLastReportYear;

absl::Status FieldError(absl::string_view field, absl::string_view zh, absl::string_view en) {
  return BadRequestError(absl::StrCat(field, "：", zh), absl::StrCat(field, ": ", en),
                         {{std::string(field), absl::StrCat(zh, " (", en, ")")}});
}

nianbao::v1::Severity ToProto(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return nianbao::v1::SEVERITY_ERROR;
    case Severity::kWarning:
      return nianbao::v1::SEVERITY_WARNING;
    case Severity::kInfo:
      return nianbao::v1::SEVERITY_INFO;
  }
  return nianbao::v1::SEVERITY_UNSPECIFIED;
}

bool ValidDate(const nianbao::v1::Date& date) {
  if (date.year() < 1 || date.month() < 1 || date.month() > 12 || date.day() < 1) return false;
  // CivilDay normalises 31 February to 3 March; a valid date survives unchanged.
  const absl::CivilDay day(date.year(), date.month(), date.day());
  return day.month() == date.month() && day.day() == date.day();
}

absl::Status CheckReport(const nianbao::v1::AnnualReport& report, absl::string_view field,
                         const ValidationLimits& limits) {
  if (static_cast<int64_t>(report.ByteSizeLong()) > limits.max_report_bytes) {
    return FieldError(field, absl::StrCat("报告过大，超过", limits.max_report_bytes, "字节"),
                      absl::StrCat("the report exceeds ", limits.max_report_bytes, " bytes"));
  }
  const int year = report.metadata().report_year();
  if (year < kFirstReportYear || year > kLastReportYear) {
    return FieldError(
        absl::StrCat(field, ".metadata.report_year"),
        absl::StrCat("报告年度应在", kFirstReportYear, "至", kLastReportYear, "之间，实际为", year),
        absl::StrCat("the report year must be between ", kFirstReportYear, " and ", kLastReportYear,
                     ", got ", year));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ParseValidateRequest(absl::string_view bytes, const ValidationLimits& limits,
                                  nianbao::v1::ValidateRequest* request) {
  request->Clear();
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  const auto malformed = [] {
    return FieldError("(request)", "请求不是有效的ValidateRequest编码",
                      "the request is not a valid serialized ValidateRequest");
  };
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    const bool delimited =
        WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
    google::protobuf::MessageLite* target = nullptr;
    const char* field = "";
    switch (number) {
      case 1:
        target = request->mutable_report();
        field = "report";
        break;
      case 2:
        target = request->mutable_previous_report();
        field = "previous_report";
        break;
      case 3:
        target = request->mutable_publication_date();
        field = "publication_date";
        break;
      default:
        break;
    }
    if (target == nullptr || !delimited) {
      // stage (4), unknown fields, or a known number with the wrong wire type: let protobuf read
      // it.
      if (number == 4 && WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
        uint32_t stage = 0;
        if (!input.ReadVarint32(&stage)) return malformed();
        request->set_stage(static_cast<nianbao::v1::ValidationStage>(stage));
        continue;
      }
      if (target != nullptr) {
        return FieldError(field, "字段编码类型错误", "the field has the wrong wire type");
      }
      if (!WireFormatLite::SkipField(&input, tag)) return malformed();
      continue;
    }
    uint32_t length = 0;
    if (!input.ReadVarint32(&length)) return malformed();
    if (number != 3 && static_cast<int64_t>(length) > limits.max_report_bytes) {
      return FieldError(
          field,
          absl::StrCat("报告过大（", length, "字节），上限为", limits.max_report_bytes, "字节"),
          absl::StrCat("the report is ", length, " bytes; the limit is ", limits.max_report_bytes));
    }
    // Parsed in place (no copy of the sub-message's bytes) within a limit of its length.
    if (bytes.size() - static_cast<size_t>(input.CurrentPosition()) < length) return malformed();
    const auto limit = input.PushLimit(static_cast<int>(length));
    if (!target->MergeFromCodedStream(&input) || !input.ConsumedEntireMessage()) {
      return FieldError(field, "无法解析（不是有效的消息编码，或文字不是UTF-8）",
                        "cannot be parsed (not a valid message encoding, or text not UTF-8)");
    }
    input.PopLimit(limit);
  }
  if (!input.ConsumedEntireMessage()) return malformed();
  return absl::OkStatus();
}

absl::Status ValidateReportRequest(const nianbao::v1::ValidateRequest& request,
                                   const ValidationLimits& limits,
                                   nianbao::v1::ValidateResponse* response) {
  if (!request.has_report()) {
    return FieldError("report", "必须提供要校验的报告", "the report to check is required");
  }
  if (absl::Status status = CheckReport(request.report(), "report", limits); !status.ok()) {
    return status;
  }
  ValidationContext context;
  if (request.has_previous_report()) {
    const auto& previous = request.previous_report();
    if (absl::Status status = CheckReport(previous, "previous_report", limits); !status.ok()) {
      return status;
    }
    const int expected = request.report().metadata().report_year() - 1;
    if (previous.metadata().report_year() != expected) {
      return FieldError("previous_report.metadata.report_year",
                        absl::StrCat("上年度报告应为", expected, "年度，实际为",
                                     previous.metadata().report_year(), "年度"),
                        absl::StrCat("the previous report must be for ", expected, ", got ",
                                     previous.metadata().report_year()));
    }
    context.previous_report = &previous;
  }
  if (request.has_publication_date()) {
    if (!ValidDate(request.publication_date())) {
      const auto& d = request.publication_date();
      return FieldError("publication_date",
                        absl::StrCat("不是有效日期：", d.year(), "-", d.month(), "-", d.day()),
                        absl::StrCat("not a valid date: ", d.year(), "-", d.month(), "-", d.day()));
    }
    context.publication_date = &request.publication_date();
  }
  switch (request.stage()) {
    case nianbao::v1::VALIDATION_STAGE_UNSPECIFIED:
      context.stage = Stage::kDraft;
      break;
    case nianbao::v1::VALIDATION_STAGE_SUBMISSION:
      context.stage = Stage::kSubmission;
      break;
    case nianbao::v1::VALIDATION_STAGE_PUBLICATION:
      context.stage = Stage::kPublication;
      break;
    default:
      return FieldError("stage", absl::StrCat("未知的校验环节 ", static_cast<int>(request.stage())),
                        absl::StrCat("unknown stage ", static_cast<int>(request.stage())));
  }
  // Reused per thread: a server thread validates many reports, and the vector's capacity (and its
  // findings' strings) need not be reallocated each time.
  thread_local std::vector<Finding> findings;
  ValidateReport(request.report(), context, &findings);
  response->Clear();
  response->set_catalog_version(kRuleCatalogVersion);
  for (Finding& finding : findings) {
    auto* out = response->add_findings();
    out->set_code(finding.code);
    out->set_severity(ToProto(finding.severity));
    out->set_field_path(std::move(finding.field_path));
    out->set_column(std::move(finding.column));
    out->set_message_zh(std::move(finding.message_zh));
    out->set_message_en(std::move(finding.message_en));
    out->set_expected(std::move(finding.expected));
    out->set_actual(std::move(finding.actual));
    switch (finding.severity) {
      case Severity::kError:
        response->set_error_count(response->error_count() + 1);
        break;
      case Severity::kWarning:
        response->set_warning_count(response->warning_count() + 1);
        break;
      case Severity::kInfo:
        response->set_info_count(response->info_count() + 1);
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status ListValidationRules(const nianbao::v1::ListRulesRequest&,
                                 nianbao::v1::ListRulesResponse* response) {
  response->Clear();
  response->set_catalog_version(kRuleCatalogVersion);
  for (const RuleInfo& info : RuleCatalog()) {
    auto* rule = response->add_rules();
    rule->set_code(info.code);
    rule->set_severity(ToProto(info.draft_severity));
    rule->set_submission_severity(ToProto(info.submission_severity));
    rule->set_publication_severity(ToProto(info.publication_severity));
    rule->set_description_zh(info.description_zh);
    rule->set_description_en(info.description_en);
    rule->set_checks_zh(info.checks_zh);
    rule->set_checks_en(info.checks_en);
    rule->set_requires_previous_report(info.requires_previous_report);
    rule->set_requires_publication_date(info.requires_publication_date);
  }
  return absl::OkStatus();
}

}  // namespace nianbao::validation
