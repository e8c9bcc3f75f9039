// AIP-127 path templates: what parses, what matches, how values are decoded, the OpenAPI form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/gateway/transcoder.h"
#include "tests/support/status_matchers.h"

namespace nianbao::gateway {
using nianbao::testing::IsOk;
using nianbao::testing::StatusIs;
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;
using ::testing::Pair;

MATCHER_P2(Binding, field, value, "") { return arg.field_path == field && arg.value == value; }

PathTemplate MustParse(absl::string_view text) {
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  return parsed.ok() ? *std::move(parsed) : PathTemplate();
}

TEST(PathTemplateTest, RefusesWhatAip127DoesNotAllow) {
  for (const char* text : {"", "v1/x", "/v1//x", "/v1/{}", "/v1/{a.}", "/v1/{a=**}/x", "/v1/**/x",
                           "/v1/{a={b}}", "/v1/x:", "/v1/{1a}", "/v1/a{b}"}) {
    EXPECT_THAT(PathTemplate::Parse(text), StatusIs(absl::StatusCode::kInvalidArgument)) << text;
  }
}

TEST(PathTemplateTest, LiteralsMatchExactly) {
  PathTemplate t = MustParse("/v1/agencies");
  EXPECT_THAT(t.Match("/v1/agencies"), Optional(ElementsAre()));
  EXPECT_EQ(t.Match("/v1/agencies/"), std::nullopt);  // No trailing slash.
  EXPECT_EQ(t.Match("/v1/agency"), std::nullopt);
  EXPECT_EQ(t.Match("/v1"), std::nullopt);
  EXPECT_EQ(t.Match("v1/agencies"), std::nullopt);
  EXPECT_THAT(t.Match("/v1/%61gencies"), Optional(ElementsAre()));  // Literals compare decoded.
}

TEST(PathTemplateTest, VariableWithPatternBindsTheWholeMatchedText) {
  PathTemplate t = MustParse("/v1/{name=agencies/*/reports/*}");
  EXPECT_THAT(t.Match("/v1/agencies/a1/reports/2024"),
              Optional(ElementsAre(Binding("name", "agencies/a1/reports/2024"))));
  EXPECT_EQ(t.Match("/v1/agencies/a1/reports"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/agencies/a1/b/reports/2024"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/agencies//reports/2024"), std::nullopt);  // Empty segment.
  EXPECT_EQ(t.Match("/v1/agency/a1/reports/2024"), std::nullopt);
}

TEST(PathTemplateTest, PlainVariableIsOneSegment) {
  PathTemplate t = MustParse("/v1/books/{book_id}");
  EXPECT_THAT(t.Match("/v1/books/42"), Optional(ElementsAre(Binding("book_id", "42"))));
  EXPECT_EQ(t.Match("/v1/books/42/x"), std::nullopt);
}

TEST(PathTemplateTest, NestedFieldPath) {
  PathTemplate t = MustParse("/v1/{report.name=agencies/*/reports/*}");
  ASSERT_EQ(t.variables().size(), 1u);
  EXPECT_EQ(t.variables()[0].field_path, "report.name");
  EXPECT_THAT(t.Match("/v1/agencies/a/reports/2024"),
              Optional(ElementsAre(Binding("report.name", "agencies/a/reports/2024"))));
}

TEST(PathTemplateTest, SeveralVariables) {
  PathTemplate t = MustParse("/v1/shelves/{shelf}/books/{book.id}");
  EXPECT_THAT(t.Match("/v1/shelves/s1/books/b2"),
              Optional(ElementsAre(Binding("shelf", "s1"), Binding("book.id", "b2"))));
}

TEST(PathTemplateTest, DoubleStarTakesTheRest) {
  PathTemplate t = MustParse("/v1/{path=files/**}");
  EXPECT_THAT(t.Match("/v1/files/a/b/c.txt"),
              Optional(ElementsAre(Binding("path", "files/a/b/c.txt"))));
  EXPECT_THAT(t.Match("/v1/files"), Optional(ElementsAre(Binding("path", "files"))));
  // An encoded slash stays encoded: the value's segments are the ones the client sent.
  EXPECT_THAT(t.Match("/v1/files/a%2Fb/c"),
              Optional(ElementsAre(Binding("path", "files/a%2Fb/c"))));
  EXPECT_THAT(t.Match("/v1/files/%E5%B9%B4%E6%8A%A5"),
              Optional(ElementsAre(Binding("path", "files/年报"))));
}

TEST(PathTemplateTest, VerbSuffix) {
  PathTemplate t = MustParse("/v1/{name=agencies/*/reports/*}:submit");
  EXPECT_EQ(t.verb(), "submit");
  EXPECT_THAT(t.Match("/v1/agencies/a/reports/2024:submit"),
              Optional(ElementsAre(Binding("name", "agencies/a/reports/2024"))));
  EXPECT_EQ(t.Match("/v1/agencies/a/reports/2024"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/agencies/a/reports/2024:approve"), std::nullopt);
  PathTemplate literal = MustParse("/v1/auditEvents:stream");
  EXPECT_EQ(literal.verb(), "stream");
  EXPECT_THAT(literal.Match("/v1/auditEvents:stream"), Optional(ElementsAre()));
  EXPECT_EQ(literal.Match("/v1/auditEvents"), std::nullopt);
}

TEST(PathTemplateTest, SingleSegmentValuesArePercentDecoded) {
  PathTemplate t = MustParse("/v1/{name=agencies/*}");
  EXPECT_THAT(t.Match("/v1/agencies/%E6%B2%AD%E9%98%B3%20x"),
              Optional(ElementsAre(Binding("name", "agencies/沭阳 x"))));
  EXPECT_THAT(t.Match("/v1/agencies/a+b"), Optional(ElementsAre(Binding("name", "agencies/a+b"))));
  EXPECT_THAT(t.Match("/v1/agencies/a%3Ab"),
              Optional(ElementsAre(Binding("name", "agencies/a:b"))));
}

TEST(PathTemplateTest, SlashInASingleSegmentVariableIsRefused) {
  PathTemplate t = MustParse("/v1/{name=agencies/*}");
  EXPECT_EQ(t.Match("/v1/agencies/a%2Fb"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/agencies/a%2fb"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/agencies/a/b"), std::nullopt);
}

TEST(PathTemplateTest, MalformedEscapesDoNotMatch) {
  PathTemplate t = MustParse("/v1/{name=agencies/*}");
  for (const char* path :
       {"/v1/agencies/%", "/v1/agencies/%4", "/v1/agencies/%zz", "/v1/agencies/a%"}) {
    EXPECT_EQ(t.Match(path), std::nullopt) << path;
  }
}

TEST(PathTemplateTest, OpenApiPathNamesEachSegmentAfterItsLiteral) {
  std::vector<std::pair<std::string, std::string>> parameters;
  EXPECT_EQ(MustParse("/v1/{name=agencies/*/reports/*/revisions/*}").OpenApiPath(&parameters),
            "/v1/agencies/{agency}/reports/{report}/revisions/{revision}");
  EXPECT_THAT(parameters, ElementsAre(Pair("agency", "name"), Pair("report", "name"),
                                      Pair("revision", "name")));
  parameters.clear();
  EXPECT_EQ(MustParse("/v1/{parent=agencies/*}/reports:watch").OpenApiPath(&parameters),
            "/v1/agencies/{agency}/reports:watch");
  parameters.clear();
  EXPECT_EQ(MustParse("/v1/books/{book.id}/{path=**}").OpenApiPath(&parameters),
            "/v1/books/{book.id}/{path}");
  EXPECT_THAT(parameters, ElementsAre(Pair("book.id", "book.id"), Pair("path", "path")));
}

TEST(PathTemplateTest, SpecificityPrefersLiteralsAndVerbs) {
  EXPECT_GT(MustParse("/v1/auditEvents:stream").Specificity(),
            MustParse("/v1/auditEvents").Specificity());
  EXPECT_GT(MustParse("/v1/agencies/x").Specificity(),
            MustParse("/v1/agencies/{id}").Specificity());
}

}  // namespace
}  // namespace nianbao::gateway
