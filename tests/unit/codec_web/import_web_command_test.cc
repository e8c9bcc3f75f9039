// `nianbao import` on published pages and PDFs, run as a real process: the portal page imports
// as its text twin does, the WPS PDF balanced, by name and by content (stdin), and refusals
// (scan-only PDF, wrongly declared charset) exit 1 with a bilingual reason and no output.
#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nianbao/v1/report.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_paths.h"

namespace nianbao {
namespace {

using ::nianbao::testing::BinDir;
using ::nianbao::testing::CommandResult;
using ::nianbao::testing::FixturesDir;
using ::nianbao::testing::ReadFileOrDie;
using ::nianbao::testing::RunCommand;
using ::nianbao::testing::TempDir;
using ::nianbao::testing::WriteFileOrDie;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CommandResult Nianbao(std::vector<std::string> args, const std::string& stdin_data = "") {
  args.insert(args.begin(), BinDir() + "/nianbao");
  return RunCommand(args, stdin_data);
}

v1::AnnualReport FromJson(const std::string& json) {
  v1::AnnualReport report;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &report).ok())
      << json.substr(0, 200);
  return report;
}

std::string Fixture(const std::string& name) { return FixturesDir() + "/reports/" + name; }

TEST(ImportWebCommand, PortalPageImportsAsItsTextTwin) {
  CommandResult page = Nianbao({"import", Fixture("html/2023_shuyang-fagaiju.html")});
  ASSERT_EQ(page.exit_code, 0) << page.err;
  CommandResult twin = Nianbao({"import", Fixture("2023_shuyang-fagaiju.txt")});
  ASSERT_EQ(twin.exit_code, 0) << twin.err;
  const v1::AnnualReport from_page = FromJson(page.out);
  std::string differences;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(FromJson(twin.out), from_page)) << differences;
  EXPECT_EQ(from_page.metadata().publication_date().year(), 2024);
  EXPECT_EQ(from_page.metadata().publication_date().day(), 17);
  // By content, from stdin, and to the text layout: the twin's own text.
  CommandResult piped = Nianbao({"import", "-", "--to", "text"},
                                ReadFileOrDie(Fixture("html/2023_shuyang-fagaiju.html")));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  CommandResult twin_text =
      Nianbao({"import", Fixture("2023_shuyang-fagaiju.txt"), "--to", "text"});
  EXPECT_EQ(piped.out, twin_text.out);
}

TEST(ImportWebCommand, PdfImportsBalancedByNameAndByContent) {
  CommandResult pdf = Nianbao({"import", Fixture("pdf/2024_hongze-district-gov.pdf")});
  ASSERT_EQ(pdf.exit_code, 0) << pdf.err;
  const v1::AnnualReport report = FromJson(pdf.out);
  EXPECT_EQ(report.metadata().agency_name(), "淮安市洪泽区人民政府");
  EXPECT_EQ(report.applications().table().new_applications().total().number(), 95);
  EXPECT_EQ(report.review_litigation().table().administrative_review().total().number(), 2);
  TempDir dir;
  WriteFileOrDie(dir.File("report.bin"),
                 ReadFileOrDie(Fixture("pdf/2024_hongze-district-gov.pdf")));
  CommandResult by_content = Nianbao({"import", dir.File("report.bin"), "--to", "md"});
  ASSERT_EQ(by_content.exit_code, 0) << by_content.err;
  EXPECT_THAT(by_content.out, HasSubstr("淮安市洪泽区人民政府"));
}

TEST(ImportWebCommand, ScanOnlyPdfExitsOneSayingSo) {
  TempDir dir;
  // A page that paints nothing but an image (built by hand: no text layer).
  const std::string pdf =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
      "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>\nendobj\n"
      "4 0 obj\n<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream\nendobj\n"
      "5 0 obj\n<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
      "/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream\nendobj\n"
      "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
  WriteFileOrDie(dir.File("scan.pdf"), pdf);
  CommandResult result = Nianbao({"import", dir.File("scan.pdf")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("scan.pdf"));
  EXPECT_THAT(result.err, HasSubstr("没有文字层"));
  EXPECT_THAT(result.err, HasSubstr("no text layer"));
}

TEST(ImportWebCommand, WronglyDeclaredCharsetExitsOne) {
  TempDir dir;
  // Declares UTF-8, holds GBK bytes ("年度报告").
  WriteFileOrDie(dir.File("page.html"),
                 "<html><head><meta charset=\"utf-8\"></head><body><p>\xC4\xEA\xB6\xC8\xB1\xA8"
                 "\xB8\xE6</p></body></html>");
  CommandResult result = Nianbao({"import", dir.File("page.html")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_THAT(result.err, HasSubstr("UTF-8"));
  EXPECT_THAT(result.err, HasSubstr("wrong charset"));
}

}  // namespace
}  // namespace nianbao
