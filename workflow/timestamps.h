// Conversions between absl::Time and google.protobuf.Timestamp.
#ifndef NIANBAO_WORKFLOW_TIMESTAMPS_H_
#define NIANBAO_WORKFLOW_TIMESTAMPS_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace nianbao::workflow {

google::protobuf::Timestamp ToTimestamp(absl::Time time);
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_TIMESTAMPS_H_
