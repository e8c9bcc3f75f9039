#include "tests/bench/workflow/edit_clients.h"

#include <grpcpp/impl/codegen/client_unary_call.h>

#include <cstdio>

namespace nianbao::testing {

namespace v1 = ::nianbao::v1;

bool EmptyCall(EditClient& client) {
  grpc::ClientContext context;
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
             client.channel.get(),
             grpc::internal::RpcMethod("/grpc.health.v1.Health/Check",
                                       grpc::internal::RpcMethod::NORMAL_RPC),
             &context, request, &response)
      .ok();
}

bool Read(EditClient& client) {
  v1::GetReportRequest request;
  request.set_name(client.report);
  v1::Report response;
  return client.stub->GetReport(ContextFor("drafter").get(), request, &response).ok();
}

v1::UpdateReportRequest NextEdit(EditClient& client) {
  v1::UpdateReportRequest request;
  request.mutable_report()->set_name(client.report);
  request.mutable_report()->set_etag(client.etag);
  request.mutable_report()->mutable_content()->mutable_metadata()->set_title(
      "第 " + std::to_string(++client.edits) + " 稿");
  request.mutable_update_mask()->add_paths("content.metadata.title");
  request.set_request_id(client.report + "#" + std::to_string(client.edits));
  return request;
}

bool Transition(EditClient& client, v1::Report* response) {
  v1::Report answered;
  if (response == nullptr) response = &answered;
  grpc::Status status =
      client.stub->UpdateReport(ContextFor("drafter").get(), NextEdit(client), response);
  if (!status.ok()) return false;
  client.etag = response->etag();
  return true;
}

void OpenConnection(const std::string& address, int c, EditClient* client) {
  grpc::ChannelArguments arguments;
  arguments.SetInt("nianbao.bench_client", c);  // one connection each
  client->channel =
      grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  client->stub = v1::WorkflowService::NewStub(client->channel);
}

bool Connect(WorkflowTestEnv& env, int c, int year, const v1::AnnualReport* content,
             EditClient* client) {
  OpenConnection(env.workflow().address(), c, client);
  v1::CreateReportRequest create;
  create.set_parent(std::string("agencies/") + kAgency);
  create.set_report_year(year);
  if (content != nullptr) {
    *create.mutable_content() = *content;
    create.mutable_content()->mutable_metadata()->set_report_year(year);
  }
  v1::Report created;
  grpc::Status status = client->stub->CreateReport(ContextFor("drafter").get(), create, &created);
  if (!status.ok()) {
    std::fprintf(stderr, "create failed: %s\n", status.error_message().c_str());
    return false;
  }
  client->report = created.name();
  client->etag = created.etag();
  return true;
}

}  // namespace nianbao::testing
