#include "services/cli/report_command_output.h"

#include <google/protobuf/util/json_util.h>

#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "services/cli/command_registry.h"
#include "services/common/grpc_status.h"
#include "workflow/timestamps.h"
#include "workflow/transition_table.h"

namespace nianbao::cli {
namespace {

namespace v1 = ::nianbao::v1;

std::string FormatTime(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  // Times are shown in China Standard Time, as the people using the tool read them.
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", nianbao::workflow::FromTimestamp(time),
                          absl::FixedTimeZone(8 * 3600));
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

}  // namespace

void PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) {
    json = "{}";
  }
  out << json << "\n";
}

void PrintReportSummary(const v1::Report& report, std::ostream& out) {
  out << "报告 " << report.name() << "\n"
      << "  机关 agency:      " << report.agency_id() << "\n"
      << "  年度 year:        " << report.report_year() << "\n"
      << "  状态 state:       " << nianbao::workflow::StateDisplayName(report.state()) << " ("
      << v1::ReportState_Name(report.state()) << ")\n"
      << "  版本 revision:    " << report.revision() << "\n"
      << "  已发布版本:       "
      << (report.published_revision() > 0 ? std::to_string(report.published_revision()) : "-")
      << "\n"
      << "  etag:             " << report.etag() << "\n"
      << "  标题 title:       " << OrDash(report.content().metadata().title()) << "\n"
      << "  创建 created:     " << FormatTime(report.create_time()) << " " << report.creator()
      << "\n"
      << "  更新 updated:     " << FormatTime(report.update_time()) << " " << report.last_editor()
      << "\n"
      << "  提交人 submitter: " << OrDash(report.submitter()) << "\n"
      << "  签发人 approver:  " << OrDash(report.approver()) << "\n"
      << "  发布 published:   " << FormatTime(report.publish_time()) << "\n";
  if (!report.rejection_reason().empty()) {
    out << "  退回理由 reason:  " << report.rejection_reason() << "\n";
  }
  if (report.acknowledged_warnings_size() > 0) {
    out << "  已确认警告:       ";
    for (const std::string& code : report.acknowledged_warnings()) out << code << " ";
    out << "\n";
  }
}

void PrintReportLine(const v1::Report& report, std::ostream& out) {
  out << report.name() << "\t" << nianbao::workflow::StateDisplayName(report.state()) << "\t版本 "
      << report.revision() << "\t" << FormatTime(report.update_time()) << "\n";
}

void PrintRevisionLine(const v1::ReportRevision& revision, std::ostream& out) {
  out << revision.name() << "\t"
      << (revision.kind() == v1::REVISION_KIND_PUBLISHED ? "已发布" : "已提交") << "\t提交 "
      << FormatTime(revision.create_time()) << " " << OrDash(revision.submitter());
  if (revision.kind() == v1::REVISION_KIND_PUBLISHED) {
    out << "\t发布 " << FormatTime(revision.publish_time()) << " " << OrDash(revision.publisher());
  }
  out << "\n";
}

}  // namespace nianbao::cli
