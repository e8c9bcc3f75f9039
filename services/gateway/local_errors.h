// The errors nianbao-gatewayd answers itself, before or instead of a backend call (unknown route,
// wrong method, body too large, wrong content type, a request that does not parse, a backend
// down), in the same AIP-193 shape as the backends' errors: {"error": {code, message, status,
// details: [ErrorInfo in domain nianbao.gov.cn]}}, so a client decodes every error one way; on
// Connect calls, in Connect's own error format.
#ifndef NIANBAO_SERVICES_GATEWAY_LOCAL_ERRORS_H_
#define NIANBAO_SERVICES_GATEWAY_LOCAL_ERRORS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/gateway/http_exchange.h"

namespace nianbao::gateway {

// A JSON error response: `http_status` with the body above; `code` names the status, `reason`
// goes into the ErrorInfo (UPPER_SNAKE).
HttpResponse LocalError(http::status http_status, absl::StatusCode code, absl::string_view reason,
                        absl::string_view message);

// The same error in the Connect protocol's format ({"code": "resource_exhausted", "message",
// "details": [ErrorInfo]}), `http_status` kept: for requests shaped as Connect calls, whose
// clients (connect-es, buf curl) read the code from the body and, from an AIP-193 body, got only
// "unknown".
// A stream's error is the exception, as the protocol wants: HTTP 200 and the error in the
// end-of-stream envelope (ConnectStreamError), for a client reads nothing else from a stream's
// response (connect-es turned a 413 into "unknown").
enum class ConnectForm { kUnary, kStreamJson, kStreamProto };
HttpResponse LocalConnectError(http::status http_status, absl::StatusCode code,
                               absl::string_view reason, absl::string_view message,
                               ConnectForm form = ConnectForm::kUnary);

// A Connect server stream refused before its first message: HTTP 200, Content-Type
// application/connect+json (or +proto), one end-of-stream envelope holding the error.
HttpResponse ConnectStreamError(const absl::Status& status, bool json);

// The form of a Connect call by its Content-Type: application/connect+json and +proto are streams.
ConnectForm ConnectFormOf(const HttpRequest& request);

// Whether `request` (its header is enough) is shaped as a Connect call: "POST /package.Service/
// Method" (one dotted segment, then one more), or any request with a Connect-Protocol-Version
// header. The errors the gateway answers itself for such a request use LocalConnectError.
bool IsConnectShaped(const HttpRequest& request);

// The error response for an absl::Status our code made (e.g. the transcoder's INVALID_ARGUMENT
// with a BadRequest naming the field): its details through the project's one gRPC mapping, then
// the published gRPC -> HTTP mapping. `connect` picks the Connect protocol's error format.
HttpResponse ErrorFromStatus(const absl::Status& status, bool connect);

// The error response for what a backend answered.
HttpResponse ErrorFromGrpc(int grpc_code, absl::string_view message,
                           absl::string_view status_details, bool connect);

// A response with a JSON body.
HttpResponse JsonResponse(http::status status, std::string body);

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_LOCAL_ERRORS_H_
