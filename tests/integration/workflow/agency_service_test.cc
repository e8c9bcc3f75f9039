// nianbao.v1.AgencyService against the real nianbao-workflowd: the registry's hierarchy read as
// resources, its filters and pages, every refusal with the field it names, and registry files
// that must stop the server at start.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "nianbao/v1/agency.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/workflow_test_env.h"
#include "tests/support/status_matchers.h"
#include "workflow/principals.h"

namespace nianbao::testing {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::service::FindDetail;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int kTownships = 25;

// Three levels: 宿迁市人民政府 > 沭阳县人民政府 > its departments and kTownships townships; the
// test principals' two agencies are both registered (kAgency at the top, alone).
std::string HierarchyText() {
  std::string text = absl::StrCat(
      R"(agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT
                    region_code: "321300" }
         agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
                    parent_agency_id: "suqian-shi" region_code: "321322" }
         agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局"
                    kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
         agencies { agency_id: ")",
      kOtherAgency, R"(" name: ")", kOtherAgencyName,
      R"(" kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
         agencies { agency_id: ")",
      kAgency, R"(" name: ")", kAgencyName, R"(" kind: AGENCY_KIND_DEPARTMENT })", "\n");
  for (int i = 1; i <= kTownships; ++i) {
    absl::StrAppend(
        &text,
        absl::StrFormat(R"(agencies { agency_id: "shuyang-xiang-%02d" name: "沭阳县第%d乡人民政府"
                    kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "shuyang-xian" region_code: "321322%03d" })",
                        i, i, 100 + i),
        "\n");
  }
  return text;
}

constexpr int kAgencies = 5 + kTownships;

class AgencyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileOrDie(env_.agencies_path(), HierarchyText());
    ASSERT_THAT(env_.Start(), IsOk());
    stub_ = v1::AgencyService::NewStub(env_.channel());
  }

  grpc::Status Get(const std::string& name, v1::Agency* agency,
                   const std::string& user = "reader") {
    v1::GetAgencyRequest request;
    request.set_name(name);
    return stub_->GetAgency(ContextFor(user).get(), request, agency);
  }

  grpc::Status List(const v1::ListAgenciesRequest& request, v1::ListAgenciesResponse* response,
                    const std::string& user = "reader") {
    response->Clear();
    return stub_->ListAgencies(ContextFor(user).get(), request, response);
  }

  // Every page of `request` (its page_size) in order, checking that no page is empty.
  std::vector<std::string> AllPages(v1::ListAgenciesRequest request, int* pages) {
    std::vector<std::string> ids;
    *pages = 0;
    do {
      v1::ListAgenciesResponse page;
      const grpc::Status status = List(request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok() || page.agencies().empty()) break;
      for (const v1::Agency& agency : page.agencies()) ids.push_back(agency.agency_id());
      request.set_page_token(page.next_page_token());
      ++*pages;
    } while (!request.page_token().empty());
    return ids;
  }

  WorkflowTestEnv env_;
  std::unique_ptr<v1::AgencyService::Stub> stub_;
};

std::vector<std::string> Ids(const v1::ListAgenciesResponse& response) {
  std::vector<std::string> ids;
  for (const v1::Agency& agency : response.agencies()) ids.push_back(agency.agency_id());
  return ids;
}

// The field an INVALID_ARGUMENT (or a filter's NOT_FOUND) names in its BadRequest.
std::string BadField(const grpc::Status& status) {
  auto bad_request = FindDetail<google::rpc::BadRequest>(RpcStatus(status));
  if (!bad_request || bad_request->field_violations_size() != 1) return "";
  return bad_request->field_violations(0).field();
}

TEST_F(AgencyServiceTest, GetsAnAgencyForAnyAuthenticatedPrincipal) {
  for (const char* user : {"reader", "outsider", "central", "admin", "drafter"}) {
    v1::Agency agency;
    const grpc::Status status = Get("agencies/shuyang-xian", &agency, user);
    ASSERT_TRUE(status.ok()) << user << ": " << status.error_message();
    EXPECT_EQ(agency.name(), "agencies/shuyang-xian");
    EXPECT_EQ(agency.agency_id(), "shuyang-xian");
    EXPECT_EQ(agency.display_name(), "沭阳县人民政府");
    EXPECT_EQ(agency.kind(), v1::AGENCY_KIND_GOVERNMENT);
    EXPECT_EQ(agency.region_code(), "321322");
    EXPECT_EQ(agency.parent_agency(), "agencies/suqian-shi");
  }
  v1::Agency top;
  ASSERT_TRUE(Get(absl::StrCat("agencies/", kAgency), &top).ok());
  EXPECT_EQ(top.display_name(), kAgencyName);
  EXPECT_EQ(top.parent_agency(), "");
  EXPECT_EQ(top.region_code(), "");

  // No token, or one no principal holds: no answer.
  v1::Agency agency;
  for (const char* user : {"", "nobody"}) {
    const grpc::Status status = Get("agencies/shuyang-xian", &agency, user);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << user;
    v1::ListAgenciesResponse page;
    EXPECT_EQ(List(v1::ListAgenciesRequest(), &page, user).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << user;
    EXPECT_THAT(page.agencies(), IsEmpty());
  }
}

TEST_F(AgencyServiceTest, BadNamesAreRefusedNamingTheField) {
  const std::vector<std::string> bad = {
      "",
      "garbage",
      "shuyang-xian",
      "agencies/",
      "agencies/Shuyang-Xian",
      "agencies/shuyang-xian/",
      "agencies/shuyang-xian/reports/2024",
      " agencies/shuyang-xian",
      "agencies/shuyang-xian\n",
      "agencies/-",
      "agencies/" + std::string(200, 'a'),
      "agencies/" + std::string(64 * 1024, 'a'),
  };
  for (const std::string& name : bad) {
    v1::Agency agency;
    const grpc::Status status = Get(name, &agency);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name.substr(0, 40);
    EXPECT_EQ(BadField(status), "name") << name.substr(0, 40);
    auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatus(status));
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ(info->domain(), "nianbao.gov.cn");
  }

  // Bytes that are no request at all: INVALID_ARGUMENT naming the request, not gRPC's INTERNAL.
  grpc::GenericStub generic(env_.channel());
  for (const char* method : {"GetAgency", "ListAgencies"}) {
    auto context = ContextFor("reader");  // lives until the call completes
    grpc::Slice slice(std::string("\xff\xff\xff\x0f not a protobuf"));
    grpc::ByteBuffer request(&slice, 1), response;
    std::promise<grpc::Status> done;
    generic.UnaryCall(context.get(), absl::StrCat("/nianbao.v1.AgencyService/", method),
                      grpc::StubOptions(), &request, &response,
                      [&done](grpc::Status s) { done.set_value(s); });
    const grpc::Status status = done.get_future().get();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
    EXPECT_EQ(BadField(status), "(request)") << method;
  }

  v1::Agency agency;
  const grpc::Status missing = Get("agencies/suqian-gonganju", &agency);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(missing.error_message(),
              AllOf(HasSubstr("机关未登记"), HasSubstr("agency not registered")));
  EXPECT_LT(missing.error_message().find("机关未登记"),
            missing.error_message().find("agency not registered"));
  auto resource = FindDetail<google::rpc::ResourceInfo>(RpcStatus(missing));
  ASSERT_TRUE(resource.has_value());
  EXPECT_EQ(resource->resource_type(), "nianbao.gov.cn/Agency");
  EXPECT_EQ(resource->resource_name(), "agencies/suqian-gonganju");
  auto info = FindDetail<google::rpc::ErrorInfo>(RpcStatus(missing));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->reason(), "AGENCY_NOT_FOUND");
}

TEST_F(AgencyServiceTest, ListsWithEachFilterAndTheirCombinations) {
  v1::ListAgenciesRequest request;
  request.set_page_size(1000);
  v1::ListAgenciesResponse page;
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_EQ(page.agencies_size(), kAgencies);
  EXPECT_EQ(page.next_page_token(), "");
  const std::vector<std::string> all = Ids(page);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));

  request.set_parent_agency("agencies/suqian-shi");
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_THAT(Ids(page), ElementsAre("shuyang-xian"));
  EXPECT_EQ(page.agencies(0).display_name(), "沭阳县人民政府");

  request.Clear();
  request.set_page_size(1000);
  request.set_subtree("agencies/shuyang-xian");
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_EQ(page.agencies_size(), kTownships + 3);  // the county, two departments, the townships
  for (const v1::Agency& agency : page.agencies()) {
    EXPECT_NE(agency.agency_id(), "suqian-shi");
    EXPECT_NE(agency.agency_id(), kAgency);
  }

  request.set_kind(v1::AGENCY_KIND_DEPARTMENT);
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_THAT(Ids(page), ElementsAre(kOtherAgency, "shuyang-jiaoyuju"));

  request.Clear();
  request.set_kind(v1::AGENCY_KIND_GOVERNMENT);
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_THAT(Ids(page), ElementsAre("shuyang-xian", "suqian-shi"));

  // parent_agency and subtree combine: the county's townships are in the city's subtree.
  request.Clear();
  request.set_page_size(1000);
  request.set_parent_agency("agencies/shuyang-xian");
  request.set_subtree("agencies/suqian-shi");
  request.set_kind(v1::AGENCY_KIND_TOWNSHIP);
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_EQ(page.agencies_size(), kTownships);
  EXPECT_EQ(page.agencies(0).name(), "agencies/shuyang-xiang-01");
  EXPECT_EQ(page.agencies(0).region_code(), "321322101");
  EXPECT_EQ(page.agencies(0).parent_agency(), "agencies/shuyang-xian");
  // ... and a subtree outside the parent's children leaves nothing.
  request.set_subtree(absl::StrCat("agencies/", kOtherAgency));
  ASSERT_TRUE(List(request, &page).ok());
  EXPECT_THAT(page.agencies(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(AgencyServiceTest, PagesNeitherRepeatNorSkip) {
  v1::ListAgenciesRequest everything;
  everything.set_page_size(1000);
  v1::ListAgenciesResponse whole;
  ASSERT_TRUE(List(everything, &whole).ok());
  const std::vector<std::string> expected = Ids(whole);

  for (int page_size : {1, 7, 10, kAgencies - 1, kAgencies}) {
    v1::ListAgenciesRequest request;
    request.set_page_size(page_size);
    int pages = 0;
    EXPECT_EQ(AllPages(request, &pages), expected) << page_size;
    EXPECT_EQ(pages, (kAgencies + page_size - 1) / page_size) << page_size;
  }

  // Within a filter, too.
  v1::ListAgenciesRequest townships;
  townships.set_page_size(4);
  townships.set_subtree("agencies/suqian-shi");
  townships.set_kind(v1::AGENCY_KIND_TOWNSHIP);
  int pages = 0;
  const std::vector<std::string> ids = AllPages(townships, &pages);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kTownships));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(pages, (kTownships + 3) / 4);

  // The default page is 100: the whole registry here, in one page.
  v1::ListAgenciesResponse page;
  ASSERT_TRUE(List(v1::ListAgenciesRequest(), &page).ok());
  EXPECT_EQ(page.agencies_size(), kAgencies);
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(AgencyServiceTest, BadListRequestsNameTheField) {
  v1::ListAgenciesRequest first;
  first.set_page_size(3);
  first.set_subtree("agencies/shuyang-xian");
  v1::ListAgenciesResponse page;
  ASSERT_TRUE(List(first, &page).ok());
  const std::string token = page.next_page_token();
  ASSERT_NE(token, "");

  struct Case {
    std::string label;
    v1::ListAgenciesRequest request;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases;
  auto add = [&](std::string label, grpc::StatusCode code, std::string field, auto edit) {
    v1::ListAgenciesRequest request;
    edit(request);
    cases.push_back({std::move(label), request, code, std::move(field)});
  };
  using Code = grpc::StatusCode;
  add("page_size -1", Code::INVALID_ARGUMENT, "page_size", [](auto& r) { r.set_page_size(-1); });
  add("garbage token", Code::INVALID_ARGUMENT, "page_token",
      [](auto& r) { r.set_page_token("bm90IGEgdG9rZW4"); });
  add("token of 4 KB", Code::INVALID_ARGUMENT, "page_token",
      [](auto& r) { r.set_page_token(std::string(4096, 'A')); });
  add("token without its filters", Code::INVALID_ARGUMENT, "page_token",
      [&](auto& r) { r.set_page_token(token); });
  add("token with another subtree", Code::INVALID_ARGUMENT, "page_token", [&](auto& r) {
    r.set_page_token(token);
    r.set_subtree("agencies/suqian-shi");
  });
  add("token with a kind added", Code::INVALID_ARGUMENT, "page_token", [&](auto& r) {
    r.set_page_token(token);
    r.set_subtree("agencies/shuyang-xian");
    r.set_kind(v1::AGENCY_KIND_TOWNSHIP);
  });
  add("kind 99", Code::INVALID_ARGUMENT, "kind",
      [](auto& r) { r.set_kind(static_cast<v1::AgencyKind>(99)); });
  add("kind -1", Code::INVALID_ARGUMENT, "kind",
      [](auto& r) { r.set_kind(static_cast<v1::AgencyKind>(-1)); });
  add("parent not a name", Code::INVALID_ARGUMENT, "parent_agency",
      [](auto& r) { r.set_parent_agency("shuyang-xian"); });
  add("parent of 64 KB", Code::INVALID_ARGUMENT, "parent_agency",
      [](auto& r) { r.set_parent_agency("agencies/" + std::string(64 * 1024, 'a')); });
  add("subtree not canonical", Code::INVALID_ARGUMENT, "subtree",
      [](auto& r) { r.set_subtree("agencies/shuyang-xian/"); });
  add("unknown parent", Code::NOT_FOUND, "parent_agency",
      [](auto& r) { r.set_parent_agency("agencies/suqian-gonganju"); });
  add("unknown subtree", Code::NOT_FOUND, "subtree",
      [](auto& r) { r.set_subtree("agencies/suqian-gonganju"); });
  for (const Case& c : cases) {
    v1::ListAgenciesResponse response;
    const grpc::Status status = List(c.request, &response);
    EXPECT_EQ(status.error_code(), c.code) << c.label << ": " << status.error_message();
    EXPECT_EQ(BadField(status), c.field) << c.label;
    EXPECT_THAT(response.agencies(), IsEmpty()) << c.label;
    if (c.code == Code::NOT_FOUND) {
      auto resource = FindDetail<google::rpc::ResourceInfo>(RpcStatus(status));
      ASSERT_TRUE(resource.has_value()) << c.label;
      EXPECT_EQ(resource->resource_name(), "agencies/suqian-gonganju");
    }
  }

  // The token still continues its own query, whatever page_size the next page asks for.
  v1::ListAgenciesRequest next = first;
  next.set_page_size(1000);
  next.set_page_token(token);
  ASSERT_TRUE(List(next, &page).ok());
  EXPECT_EQ(page.agencies_size(), kTownships + 3 - 3);
}

// Without a registry file nothing is registered: GetAgency is NOT_FOUND, ListAgencies empty.
TEST(AgencyServiceWithoutRegistryTest, NothingIsRegistered) {
  WorkflowTestEnv env;
  env.set_workflow_args({"--agencies_file="});
  ASSERT_THAT(env.Start(), IsOk());
  auto stub = v1::AgencyService::NewStub(env.channel());
  v1::GetAgencyRequest get;
  get.set_name(absl::StrCat("agencies/", kAgency));
  v1::Agency agency;
  const grpc::Status missing = stub->GetAgency(ContextFor("reader").get(), get, &agency);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << missing.error_message();
  v1::ListAgenciesResponse page;
  ASSERT_TRUE(
      stub->ListAgencies(ContextFor("reader").get(), v1::ListAgenciesRequest(), &page).ok());
  EXPECT_THAT(page.agencies(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");
  v1::ListAgenciesRequest filtered;
  filtered.set_subtree(absl::StrCat("agencies/", kAgency));
  const grpc::Status unknown = stub->ListAgencies(ContextFor("reader").get(), filtered, &page);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(BadField(unknown), "subtree");
}

// A registry whose parents make a cycle stops workflowd at start, naming the agencies of the cycle.
TEST(AgencyServiceStartupTest, ARegistryWithACycleStopsTheServer) {
  TempDir dir;
  WriteFileOrDie(dir.File("principals.textproto"),
                 absl::StrCat("principals { name: \"reader\" token_sha256: \"",
                              workflow::TokenDigestHex("reader-token"),
                              "\" role_bindings { agency_id: \"shuyang-fagaiju\" roles: "
                              "ROLE_READER } }\n"));
  WriteFileOrDie(dir.File("agencies.textproto"),
                 R"(agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局"
                               kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
                    agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府"
                               kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "suqian-shi" }
                    agencies { agency_id: "suqian-shi" name: "宿迁市人民政府"
                               kind: AGENCY_KIND_GOVERNMENT parent_agency_id: "shuyang-xian" })");
  ServerProcess server;
  const absl::Status status =
      server.Start(BinDir() + "/nianbao-workflowd",
                   {"--data_dir=" + dir.File("data"), "--validation_address=127.0.0.1:1",
                    "--token_file=" + dir.File("principals.textproto"),
                    "--agencies_file=" + dir.File("agencies.textproto")},
                   dir.File("workflowd.port"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInternal,
                               AllOf(HasSubstr("exited with 2"), HasSubstr("机关登记文件错误"),
                                     HasSubstr("上级机关关系成环：shuyang-xian（沭阳县人民政府） → "
                                               "suqian-shi（宿迁市人民政府） → shuyang-xian"),
                                     HasSubstr("cycle of parents"))));
}

}  // namespace
}  // namespace nianbao::testing
