// The OpenAPI document of the real API: its shape, that every reference resolves, and the same
// routes and descriptions from the installed descriptor set.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/gateway/transcoder.h"
#include "tests/unit/gateway/api_routes.h"

namespace nianbao::gateway {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::Contains;
using ::testing::HasSubstr;

Struct Document(const RouteTable& table) {
  absl::StatusOr<std::string> json = OpenApiDocument(table, {"nianbao API", "v1", "测试"});
  EXPECT_TRUE(json.ok()) << json.status();
  Struct document;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json.value_or("{}"), &document).ok());
  return document;
}

const Struct& Obj(const Struct& parent, const std::string& name) {
  static const Struct* empty = new Struct();
  auto it = parent.fields().find(name);
  EXPECT_NE(it, parent.fields().end()) << name;
  return it == parent.fields().end() ? *empty : it->second.struct_value();
}

std::set<std::string> ParameterNames(const Struct& operation, const std::string& in) {
  std::set<std::string> names;
  auto it = operation.fields().find("parameters");
  if (it == operation.fields().end()) return names;
  for (const Value& parameter : it->second.list_value().values()) {
    if (parameter.struct_value().fields().at("in").string_value() == in) {
      names.insert(parameter.struct_value().fields().at("name").string_value());
    }
  }
  return names;
}

// Every "$ref" anywhere under `value`.
void CollectRefs(const Value& value, std::set<std::string>& refs) {
  if (value.has_struct_value()) {
    for (const auto& [name, member] : value.struct_value().fields()) {
      if (name == "$ref") refs.insert(member.string_value());
      CollectRefs(member, refs);
    }
  } else if (value.has_list_value()) {
    for (const Value& item : value.list_value().values()) CollectRefs(item, refs);
  }
}

TEST(OpenApiTest, PathsOperationsAndParameters) {
  const Struct document = Document(api_test::ApiRoutes());
  EXPECT_EQ(document.fields().at("openapi").string_value(), "3.0.3");
  const Struct& paths = Obj(document, "paths");
  const Struct& report = Obj(paths, "/v1/agencies/{agency}/reports/{report}");
  const Struct& get = Obj(report, "get");
  EXPECT_EQ(get.fields().at("operationId").string_value(), "WorkflowService_GetReport");
  EXPECT_EQ(ParameterNames(get, "path"), (std::set<std::string>{"agency", "report"}));
  EXPECT_EQ(ParameterNames(get, "query"), (std::set<std::string>{"view"}));
  const Struct& patch = Obj(report, "patch");
  EXPECT_THAT(ParameterNames(patch, "query"), Contains("updateMask"));
  EXPECT_EQ(ParameterNames(patch, "query").count("report.etag"), 0u);  // In the body.
  EXPECT_EQ(patch.fields().count("requestBody"), 1u);
  const Struct& submit = Obj(Obj(paths, "/v1/agencies/{agency}/reports/{report}:submit"), "post");
  EXPECT_TRUE(ParameterNames(submit, "query").empty());  // body "*".
  EXPECT_EQ(submit.fields().count("requestBody"), 1u);
  const Struct& list = Obj(Obj(paths, "/v1/agencies/{agency}/reports"), "get");
  for (const char* name :
       {"pageSize", "pageToken", "reportYear", "state", "view", "publishedOnly"}) {
    EXPECT_THAT(ParameterNames(list, "query"), Contains(name));
  }
  const Struct& watch = Obj(Obj(paths, "/v1/agencies/{agency}/reports:watch"), "get");
  EXPECT_EQ(Obj(Obj(Obj(watch, "responses"), "200"), "content").fields().count("text/event-stream"),
            1u);
  EXPECT_EQ(Obj(Obj(get, "responses"), "default").fields().count("content"), 1u);
}

TEST(OpenApiTest, EveryReferenceResolvesAndOperationIdsAreUnique) {
  const Struct document = Document(api_test::ApiRoutes());
  const Struct& schemas = Obj(Obj(document, "components"), "schemas");
  Value whole;
  *whole.mutable_struct_value() = document;
  std::set<std::string> refs;
  CollectRefs(whole, refs);
  EXPECT_GT(refs.size(), 20u);
  for (const std::string& ref : refs) {
    ASSERT_TRUE(absl::StartsWith(ref, "#/components/schemas/")) << ref;
    EXPECT_EQ(schemas.fields().count(ref.substr(21)), 1u) << ref;
  }
  std::set<std::string> ids;
  int operations = 0;
  for (const auto& [path, item] : Obj(document, "paths").fields()) {
    for (const auto& [verb, operation] : item.struct_value().fields()) {
      ++operations;
      ids.insert(operation.struct_value().fields().at("operationId").string_value());
    }
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(operations));
  EXPECT_EQ(static_cast<size_t>(operations), api_test::ApiRoutes().rest_routes().size());
}

TEST(OpenApiTest, SchemasFollowTheProto3JsonMapping) {
  const Struct document = Document(api_test::ApiRoutes());
  const Struct& schemas = Obj(Obj(document, "components"), "schemas");
  const Struct& properties = Obj(Obj(schemas, "nianbao.v1.Report"), "properties");
  EXPECT_EQ(Obj(properties, "publishedRevision").fields().at("type").string_value(), "string");
  EXPECT_EQ(Obj(properties, "reportYear").fields().at("type").string_value(), "integer");
  EXPECT_EQ(Obj(properties, "updateTime").fields().at("format").string_value(), "date-time");
  EXPECT_EQ(Obj(properties, "acknowledgedWarnings").fields().at("type").string_value(), "array");
  const auto& states = Obj(schemas, "nianbao.v1.ReportState").fields().at("enum").list_value();
  EXPECT_EQ(states.values(2).string_value(), "REPORT_STATE_IN_REVIEW");
  EXPECT_EQ(schemas.fields().count("ErrorResponse"), 1u);
  EXPECT_EQ(schemas.fields().count("google.rpc.Status"), 1u);
  EXPECT_EQ(Obj(Obj(Obj(document, "components"), "securitySchemes"), "bearerAuth")
                .fields()
                .at("scheme")
                .string_value(),
            "bearer");
}

// The installed descriptor set carries the comments; a pool built from it routes the same.
TEST(OpenApiTest, DescriptorSetPoolRoutesTheSameAndDescribes) {
  const char* bin_dir = std::getenv("NIANBAO_BIN_DIR");
  ASSERT_NE(bin_dir, nullptr);
  std::ifstream file(std::string(bin_dir) + "/../share/nianbao/nianbao-v1.binpb", std::ios::binary);
  ASSERT_TRUE(file.good());
  std::stringstream bytes;
  bytes << file.rdbuf();
  absl::StatusOr<std::unique_ptr<google::protobuf::DescriptorPool>> pool =
      DescriptorPoolFromSet(bytes.str());
  ASSERT_TRUE(pool.ok()) << pool.status();
  absl::StatusOr<std::unique_ptr<RouteTable>> table =
      RouteTable::FromPool(pool->get(), api_test::ApiServiceNames());
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ((*table)->rest_routes().size(), api_test::ApiRoutes().rest_routes().size());
  const Struct document = Document(**table);
  const Struct& get =
      Obj(Obj(Obj(document, "paths"), "/v1/agencies/{agency}/reports/{report}"), "get");
  EXPECT_THAT(get.fields().at("description").string_value(), HasSubstr("The current report"));
  // Dynamic messages of that pool build requests and print responses.
  RestLookup lookup = (*table)->MatchRest("GET", "/v1/agencies/a/reports/2024");
  ASSERT_EQ(lookup.outcome, RestLookup::Outcome::kMatched);
  absl::StatusOr<std::string> request = BuildRequest(lookup.match, "view=FULL", "");
  ASSERT_TRUE(request.ok()) << request.status();
  nianbao::v1::GetReportRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(*request));
  EXPECT_EQ(parsed.view(), nianbao::v1::REPORT_VIEW_FULL);
  nianbao::v1::Report report;
  report.set_revision(4);
  EXPECT_EQ(*ResponseToJson(*lookup.match.method, report.SerializeAsString()),
            R"({"revision":"4"})");
  EXPECT_FALSE(DescriptorPoolFromSet("\xff garbage").ok());
}

}  // namespace
}  // namespace nianbao::gateway
