// Output of `nianbao report`: people get Chinese summaries, scripts get proto3 JSON (--json);
// errors are printed with their google.rpc details (which field, which state, which findings).
#ifndef NIANBAO_SERVICES_CLI_REPORT_COMMAND_OUTPUT_H_
#define NIANBAO_SERVICES_CLI_REPORT_COMMAND_OUTPUT_H_

#include <grpcpp/support/status.h>

#include <ostream>

#include "google/protobuf/message.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::cli {

// Prints `message` as one proto3 JSON document (with a trailing newline).
void PrintJson(const google::protobuf::Message& message, std::ostream& out);
// A report's summary: name, state, revision, etag, people and times.
void PrintReportSummary(const nianbao::v1::Report& report, std::ostream& out);
// One line per report, for lists.
void PrintReportLine(const nianbao::v1::Report& report, std::ostream& out);
// One line per revision: kind, submission and (once published) publication.
void PrintRevisionLine(const nianbao::v1::ReportRevision& revision, std::ostream& out);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_REPORT_COMMAND_OUTPUT_H_
