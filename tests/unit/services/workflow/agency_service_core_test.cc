// AgencyCore without a network: resources, filters, paging and every refusal with its details.
#include "services/workflow/agency_service_core.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "tests/support/status_matchers.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;
namespace wf = nianbao::workflow;
using ::nianbao::testing::IsOk;
using ::nianbao::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kRegistry[] = R"(
  agencies { agency_id: "suqian-shi" name: "宿迁市人民政府" kind: AGENCY_KIND_GOVERNMENT
             region_code: "321300" }
  agencies { agency_id: "shuyang-xian" name: "沭阳县人民政府" kind: AGENCY_KIND_GOVERNMENT
             parent_agency_id: "suqian-shi" region_code: "321322" }
  agencies { agency_id: "shuyang-fagaiju" name: "沭阳县发展和改革局"
             kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
  agencies { agency_id: "shuyang-jiaoyuju" name: "沭阳县教育局"
             kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "shuyang-xian" }
  agencies { agency_id: "shuyang-shucheng" name: "沭阳县沭城街道办事处"
             kind: AGENCY_KIND_TOWNSHIP parent_agency_id: "shuyang-xian" region_code: "321322001" }
  agencies { agency_id: "suqian-caizhengju" name: "宿迁市财政局"
             kind: AGENCY_KIND_DEPARTMENT parent_agency_id: "suqian-shi" }
  agencies { agency_id: "jianshan-jiaotiju" name: "尖山区教体局" kind: AGENCY_KIND_DEPARTMENT }
)";

class AgencyCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    nianbao::config::v1::AgencyRegistryConfig config;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kRegistry, &config));
    auto registry = wf::AgencyRegistry::FromConfig(config);
    ASSERT_THAT(registry, IsOk());
    registry_ = *std::move(registry);
    core_ = std::make_unique<AgencyCore>(registry_.get());
  }

  // The ids of one ListAgencies page.
  std::vector<std::string> Ids(const v1::ListAgenciesResponse& response) {
    std::vector<std::string> ids;
    for (const v1::Agency& agency : response.agencies()) ids.push_back(agency.agency_id());
    return ids;
  }

  absl::StatusOr<v1::ListAgenciesResponse> List(const v1::ListAgenciesRequest& request) {
    v1::ListAgenciesResponse response;
    if (absl::Status s = core_->ListAgencies(request, &response); !s.ok()) return s;
    return response;
  }

  std::unique_ptr<wf::AgencyRegistry> registry_;
  std::unique_ptr<AgencyCore> core_;
};

std::string BadField(const absl::Status& status) {
  google::rpc::BadRequest bad_request;
  if (!wf::GetDetail(status, wf::kBadRequestTypeUrl, bad_request) ||
      bad_request.field_violations_size() != 1) {
    return "";
  }
  return bad_request.field_violations(0).field();
}

std::string ResourceName(const absl::Status& status) {
  google::rpc::ResourceInfo info;
  if (!wf::GetDetail(status, wf::kResourceInfoTypeUrl, info)) return "";
  EXPECT_EQ(info.resource_type(), "nianbao.gov.cn/Agency");
  return info.resource_name();
}

TEST_F(AgencyCoreTest, GetsAnAgencyAsItsResource) {
  v1::GetAgencyRequest request;
  request.set_name("agencies/shuyang-xian");
  v1::Agency agency;
  ASSERT_THAT(core_->GetAgency(request, &agency), IsOk());
  EXPECT_EQ(agency.name(), "agencies/shuyang-xian");
  EXPECT_EQ(agency.agency_id(), "shuyang-xian");
  EXPECT_EQ(agency.display_name(), "沭阳县人民政府");
  EXPECT_EQ(agency.kind(), v1::AGENCY_KIND_GOVERNMENT);
  EXPECT_EQ(agency.region_code(), "321322");
  EXPECT_EQ(agency.parent_agency(), "agencies/suqian-shi");

  request.set_name("agencies/jianshan-jiaotiju");
  ASSERT_THAT(core_->GetAgency(request, &agency), IsOk());
  EXPECT_EQ(agency.parent_agency(), "");
  EXPECT_EQ(agency.region_code(), "");
}

TEST_F(AgencyCoreTest, AnUnregisteredAgencyIsNotFoundNamingTheResource) {
  v1::GetAgencyRequest request;
  request.set_name("agencies/suqian-gonganju");
  v1::Agency agency;
  const absl::Status status = core_->GetAgency(request, &agency);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kNotFound,
                               AllOf(HasSubstr("机关未登记：agencies/suqian-gonganju"),
                                     HasSubstr("agency not registered"))));
  EXPECT_EQ(ResourceName(status), "agencies/suqian-gonganju");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(wf::GetDetail(status, wf::kErrorInfoTypeUrl, info));
  EXPECT_EQ(info.reason(), "AGENCY_NOT_FOUND");
  EXPECT_EQ(info.domain(), "nianbao.gov.cn");

  // Without a registry no agency is registered.
  AgencyCore none(nullptr);
  request.set_name("agencies/shuyang-xian");
  EXPECT_THAT(none.GetAgency(request, &agency), StatusIs(absl::StatusCode::kNotFound));
  v1::ListAgenciesResponse page;
  ASSERT_THAT(none.ListAgencies(v1::ListAgenciesRequest(), &page), IsOk());
  EXPECT_THAT(page.agencies(), IsEmpty());
  EXPECT_EQ(page.next_page_token(), "");
}

TEST_F(AgencyCoreTest, NamesMustBeCanonical) {
  for (const std::string& name :
       {std::string(""), std::string("shuyang-xian"), std::string("agencies/"),
        std::string("agencies/Shuyang-xian"), std::string("agencies/shuyang-xian/"),
        std::string("agencies//shuyang-xian"), std::string(" agencies/shuyang-xian"),
        std::string("agencies/-"), std::string("agencies/shuyang-xian/reports/2024"),
        std::string("Agencies/shuyang-xian"), std::string("agencies/") + std::string(64, 'a'),
        std::string("agencies/") + std::string(200, 'a')}) {
    v1::GetAgencyRequest request;
    request.set_name(name);
    v1::Agency agency;
    const absl::Status status = core_->GetAgency(request, &agency);
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << name;
    EXPECT_EQ(BadField(status), "name") << name;
  }
}

TEST_F(AgencyCoreTest, FiltersCombine) {
  v1::ListAgenciesRequest request;
  auto all = List(request);
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Ids(*all),
              ElementsAre("jianshan-jiaotiju", "shuyang-fagaiju", "shuyang-jiaoyuju",
                          "shuyang-shucheng", "shuyang-xian", "suqian-caizhengju", "suqian-shi"));
  EXPECT_EQ(all->next_page_token(), "");

  request.set_parent_agency("agencies/suqian-shi");
  auto children = List(request);
  ASSERT_THAT(children, IsOk());
  EXPECT_THAT(Ids(*children), ElementsAre("shuyang-xian", "suqian-caizhengju"));

  request.Clear();
  request.set_subtree("agencies/shuyang-xian");
  auto subtree = List(request);
  ASSERT_THAT(subtree, IsOk());
  EXPECT_THAT(Ids(*subtree), ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju", "shuyang-shucheng",
                                         "shuyang-xian"));

  request.set_kind(v1::AGENCY_KIND_DEPARTMENT);
  auto departments = List(request);
  ASSERT_THAT(departments, IsOk());
  EXPECT_THAT(Ids(*departments), ElementsAre("shuyang-fagaiju", "shuyang-jiaoyuju"));

  // Children of the city within the county's subtree: none (the county itself is the city's
  // child, but is not a department).
  request.set_parent_agency("agencies/suqian-shi");
  auto none = List(request);
  ASSERT_THAT(none, IsOk());
  EXPECT_THAT(none->agencies(), IsEmpty());
  request.clear_kind();
  auto county = List(request);
  ASSERT_THAT(county, IsOk());
  EXPECT_THAT(Ids(*county), ElementsAre("shuyang-xian"));
}

TEST_F(AgencyCoreTest, PagesCoverEveryAgencyOnceAndTheLastIsNotEmpty) {
  // Unfiltered (the registry in id order), a subtree and a parent's children (their own lists).
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"", ""}, {"", "agencies/suqian-shi"}, {"agencies/shuyang-xian", ""}};
  for (const auto& [parent, subtree] : queries) {
    v1::ListAgenciesRequest whole;
    whole.set_parent_agency(parent);
    whole.set_subtree(subtree);
    auto expected = List(whole);
    ASSERT_THAT(expected, IsOk());
    const int count = expected->agencies_size();
    for (int page_size : {1, 2, 3, 6, 7}) {
      v1::ListAgenciesRequest request = whole;
      request.set_page_size(page_size);
      std::vector<std::string> seen;
      int pages = 0;
      do {
        auto page = List(request);
        ASSERT_THAT(page, IsOk());
        ASSERT_FALSE(page->agencies().empty()) << page_size;
        ASSERT_LE(page->agencies_size(), page_size);
        for (const std::string& id : Ids(*page)) seen.push_back(id);
        request.set_page_token(page->next_page_token());
        ++pages;
      } while (!request.page_token().empty());
      EXPECT_EQ(pages, (count + page_size - 1) / page_size) << subtree << parent << page_size;
      EXPECT_EQ(seen, Ids(*expected)) << subtree << parent << page_size;
    }
  }
}

TEST_F(AgencyCoreTest, BadListRequestsNameTheField) {
  v1::ListAgenciesRequest first;
  first.set_page_size(2);
  auto page = List(first);
  ASSERT_THAT(page, IsOk());
  ASSERT_NE(page->next_page_token(), "");

  struct Case {
    std::string label;
    v1::ListAgenciesRequest request;
    absl::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases;
  auto add = [&](std::string label, absl::StatusCode code, std::string field, auto edit) {
    v1::ListAgenciesRequest request;
    edit(request);
    cases.push_back({std::move(label), request, code, std::move(field)});
  };
  using Code = absl::StatusCode;
  add("negative page_size", Code::kInvalidArgument, "page_size",
      [](auto& r) { r.set_page_size(-1); });
  add("garbage token", Code::kInvalidArgument, "page_token",
      [](auto& r) { r.set_page_token("not-a-token"); });
  add("long token", Code::kInvalidArgument, "page_token",
      [](auto& r) { r.set_page_token(std::string(600, 'A')); });
  add("token of other filters", Code::kInvalidArgument, "page_token", [&](auto& r) {
    r.set_page_token(page->next_page_token());
    r.set_kind(v1::AGENCY_KIND_DEPARTMENT);
  });
  add("kind 99", Code::kInvalidArgument, "kind",
      [](auto& r) { r.set_kind(static_cast<v1::AgencyKind>(99)); });
  add("parent not a name", Code::kInvalidArgument, "parent_agency",
      [](auto& r) { r.set_parent_agency("shuyang-xian"); });
  add("subtree not a name", Code::kInvalidArgument, "subtree",
      [](auto& r) { r.set_subtree("agencies/Shuyang"); });
  add("subtree too long", Code::kInvalidArgument, "subtree",
      [](auto& r) { r.set_subtree("agencies/" + std::string(300, 'a')); });
  add("unknown parent", Code::kNotFound, "parent_agency",
      [](auto& r) { r.set_parent_agency("agencies/suqian-gonganju"); });
  add("unknown subtree", Code::kNotFound, "subtree",
      [](auto& r) { r.set_subtree("agencies/suqian-gonganju"); });
  for (const Case& c : cases) {
    auto result = List(c.request);
    EXPECT_THAT(result, StatusIs(c.code)) << c.label;
    EXPECT_EQ(BadField(result.status()), c.field) << c.label;
    if (c.code == Code::kNotFound) {
      EXPECT_EQ(ResourceName(result.status()), "agencies/suqian-gonganju") << c.label;
    }
  }

  // The same token with the same filters continues, whatever the page size.
  v1::ListAgenciesRequest next;
  next.set_page_size(5);
  next.set_page_token(page->next_page_token());
  auto rest = List(next);
  ASSERT_THAT(rest, IsOk());
  EXPECT_THAT(Ids(*rest), ElementsAre("shuyang-jiaoyuju", "shuyang-shucheng", "shuyang-xian",
                                      "suqian-caizhengju", "suqian-shi"));
}

TEST(AgencyCorePageSizeTest, DefaultsToOneHundredAndIsCappedAtOneThousand) {
  nianbao::config::v1::AgencyRegistryConfig config;
  for (int i = 0; i < 1500; ++i) {
    auto* agency = config.add_agencies();
    agency->set_agency_id(absl::StrCat("xiang-", 10000 + i));
    agency->set_name(absl::StrCat("第", i, "乡人民政府"));
    agency->set_kind(v1::AGENCY_KIND_TOWNSHIP);
  }
  auto registry = wf::AgencyRegistry::FromConfig(config);
  ASSERT_THAT(registry, IsOk());
  AgencyCore core(registry->get());
  v1::ListAgenciesRequest request;
  v1::ListAgenciesResponse page;
  ASSERT_THAT(core.ListAgencies(request, &page), IsOk());
  EXPECT_EQ(page.agencies_size(), kDefaultAgencyPageSize);
  request.set_page_size(100000);
  page.Clear();
  ASSERT_THAT(core.ListAgencies(request, &page), IsOk());
  EXPECT_EQ(page.agencies_size(), kMaxAgencyPageSize);
  EXPECT_EQ(page.agencies().rbegin()->agency_id(), "xiang-10999");
  request.set_page_token(page.next_page_token());
  page.Clear();
  ASSERT_THAT(core.ListAgencies(request, &page), IsOk());
  EXPECT_EQ(page.agencies_size(), 500);
  EXPECT_EQ(page.next_page_token(), "");
}

// GetCaller reads the principal as authenticated: registry names where the registry has the
// agency, none without a registry, "*" as agencies/- first, roles in enum order.
TEST_F(AgencyCoreTest, GetCallerNamesTheBindingsFromTheRegistry) {
  wf::Principal caller;
  caller.name = "li.qicao";
  caller.display_name = "李起草";
  caller.roles_by_agency["shuyang-fagaiju"] = {v1::ROLE_READER, v1::ROLE_DRAFTER};
  caller.roles_by_agency["*"] = {v1::ROLE_CENTRAL_AUDITOR};
  caller.roles_by_agency["suqian-shi"] = {v1::ROLE_SUPERVISOR};
  v1::Caller answer;
  ASSERT_THAT(core_->GetCaller(caller, v1::GetCallerRequest(), &answer), IsOk());
  EXPECT_EQ(answer.principal(), "li.qicao");
  EXPECT_EQ(answer.display_name(), "李起草");
  ASSERT_EQ(answer.role_bindings_size(), 3);
  EXPECT_EQ(answer.role_bindings(0).agency(), "agencies/-");
  EXPECT_THAT(answer.role_bindings(0).agency_display_name(), IsEmpty());
  EXPECT_EQ(answer.role_bindings(1).agency(), "agencies/shuyang-fagaiju");
  EXPECT_EQ(answer.role_bindings(1).agency_display_name(), "沭阳县发展和改革局");
  EXPECT_THAT(answer.role_bindings(1).roles(), ElementsAre(v1::ROLE_DRAFTER, v1::ROLE_READER));
  EXPECT_EQ(answer.role_bindings(2).agency_display_name(), "宿迁市人民政府");

  AgencyCore without_registry(nullptr);
  answer.Clear();
  ASSERT_THAT(without_registry.GetCaller(caller, v1::GetCallerRequest(), &answer), IsOk());
  ASSERT_EQ(answer.role_bindings_size(), 3);
  EXPECT_EQ(answer.role_bindings(1).agency(), "agencies/shuyang-fagaiju");
  EXPECT_THAT(answer.role_bindings(1).agency_display_name(), IsEmpty());
}

}  // namespace
}  // namespace nianbao::workflow_service
