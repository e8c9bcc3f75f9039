// What nianbao-gatewayd does with a request, generic over the route table: CORS (preflight and
// headers for the configured origins only), /healthz (both backends SERVING, else 503),
// /openapi.json, Connect calls ("POST /package.Service/Method"), REST routes from google.api.http
// (unary as JSON, the feed as Server-Sent Events or JSON lines), then the static root, else 404
// (or 405 with Allow when the path has routes for other verbs). A backend call carries the
// caller's Authorization header and address as gRPC metadata.
#ifndef NIANBAO_SERVICES_GATEWAY_GATEWAY_ROUTER_H_
#define NIANBAO_SERVICES_GATEWAY_GATEWAY_ROUTER_H_

#include <memory>
#include <string>

#include "services/gateway/backend_client.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/http_exchange.h"
#include "services/gateway/transcoder.h"

namespace nianbao::gateway {

// The metadata key of the caller's address; workflowd records it only from a gateway it trusts.
inline constexpr char kClientAddressMetadata[] = "x-forwarded-for";

class GatewayRouter {
 public:
  // Borrows all; they must outlive the router. `openapi_json` is served at /openapi.json.
  GatewayRouter(const GatewayOptions* options, const RouteTable* routes, BackendClient* backend,
                std::string openapi_json);

  // Answers `request` through `exchange`; called on the exchange's strand.
  void Handle(std::shared_ptr<HttpExchange> exchange, HttpRequest request) const;

 private:
  struct Call;  // One request being answered.
  void Preflight(const Call& call) const;
  void Health(const Call& call) const;
  bool Connect(const Call& call) const;
  void Rest(const Call& call) const;
  void RestUnary(const Call& call, const RestMatch& match) const;
  void RestStream(const Call& call, const RestMatch& match) const;
  void ConnectUnary(const Call& call, const RpcMethod& method) const;
  void ConnectStream(const Call& call, const RpcMethod& method, bool json) const;
  void NotFound(const Call& call) const;
  void Reply(const Call& call, HttpResponse response) const;
  BackendCall BackendCallFor(const Call& call, const RpcMethod& method, bool stream) const;
  bool OriginAllowed(const std::string& origin) const;

  const GatewayOptions* options_;
  const RouteTable* routes_;
  BackendClient* backend_;
  std::string openapi_json_;
};

}  // namespace nianbao::gateway

#endif  // NIANBAO_SERVICES_GATEWAY_GATEWAY_ROUTER_H_
