// Writes the fuzzers' seed corpora: `nianbao_fuzz_seeds OUT SOURCE_DIR FIXTURES_DIR` fills
// OUT/<fuzzer>/ (fuzzer named without its fuzz_ prefix) from the fixture reports, the shipped
// configs and a few keys and requests made here, so that every fuzzer starts from inputs that get
// deep into its reader. Nothing here is committed: the corpora are rebuilt from the fixtures.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/codec/codec.h"
#include "services/codec/json_codec.h"
#include "services/codec/text_layout_reader.h"
#include "storage/key_encoding.h"
#include "tests/unit/codec_docx/docx_builder.h"

namespace {

namespace fs = std::filesystem;
namespace v1 = ::nianbao::v1;

// The report fuzz_workflow_requests starts from (its kAgency, 2024).
constexpr char kReportName[] = "agencies/fuzz-agency/reports/2024";
constexpr char kAllRoles = 0x7F;
// Between the parts of fuzz_docx_reader's XML inputs.
constexpr char kPartSeparator[] = "\n=====nianbao-part=====\n";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(1);
  }
  return contents.str();
}

class CorpusWriter {
 public:
  explicit CorpusWriter(fs::path root) : root_(std::move(root)) {}
  void Write(const std::string& fuzzer, const std::string& name, const std::string& bytes) {
    const fs::path dir = root_ / fuzzer;
    fs::create_directories(dir);
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) {
      std::cerr << "cannot write " << (dir / name) << "\n";
      std::exit(1);
    }
  }

 private:
  fs::path root_;
};

std::string Request(int method, const google::protobuf::Message& request) {
  return std::string(1, static_cast<char>(method)) + std::string(1, kAllRoles) +
         request.SerializeAsString();
}

void WriteRequests(CorpusWriter& corpus, const std::vector<v1::AnnualReport>& contents) {
  const std::string fuzzer = "workflow_requests";
  v1::CreateReportRequest create;
  create.set_parent("agencies/fuzz-agency");
  create.set_report_year(2023);
  create.set_request_id("create-1");
  corpus.Write(fuzzer, "create", Request(0, create));
  v1::GetReportRequest get;
  get.set_name(kReportName);
  get.set_view(v1::REPORT_VIEW_BASIC);
  corpus.Write(fuzzer, "get", Request(1, get));
  v1::GetRevisionRequest get_revision;
  get_revision.set_name(absl::StrCat(kReportName, "/revisions/1"));
  corpus.Write(fuzzer, "get_revision", Request(10, get_revision));
  for (size_t i = 0; i < contents.size(); ++i) {
    v1::UpdateReportRequest update;
    update.mutable_report()->set_name(kReportName);
    update.mutable_report()->set_etag("CURRENT");
    *update.mutable_report()->mutable_content() = contents[i];
    update.mutable_report()->mutable_content()->mutable_metadata()->set_report_year(2024);
    corpus.Write(fuzzer, absl::StrCat("update_", i), Request(2, update));
    update.mutable_update_mask()->add_paths("content.metadata.title");
    update.mutable_update_mask()->add_paths("content.sections");
    update.set_request_id("update-1");
    corpus.Write(fuzzer, absl::StrCat("update_masked_", i), Request(2, update));
  }
  v1::ListReportsRequest list;
  list.set_parent("agencies/-");
  list.set_page_size(1);
  list.set_page_token("MA");
  corpus.Write(fuzzer, "list", Request(3, list));
  v1::ListRevisionsRequest revisions;
  revisions.set_parent(kReportName);
  revisions.set_page_size(2);
  corpus.Write(fuzzer, "list_revisions", Request(4, revisions));
  // Submit, approve, reject, publish, withdraw and correct share name, etag and request_id.
  v1::RejectReportRequest transition;
  transition.set_name(kReportName);
  transition.set_etag("CURRENT");
  transition.set_reason("理由");
  transition.set_request_id("transition-1");
  for (int method = 5; method <= 10; ++method) {
    corpus.Write(fuzzer, absl::StrCat("transition_", method), Request(method, transition));
  }
}

void WriteKeys(CorpusWriter& corpus) {
  namespace storage = ::nianbao::storage;
  const std::string fuzzer = "key_decoding";
  corpus.Write(fuzzer, "report_row", storage::ReportRowKey("jianshan-jiaotiju", 2024));
  corpus.Write(fuzzer, "report_row_nul", storage::ReportRowKey(std::string("a\0b", 3), -1));
  corpus.Write(fuzzer, "revision", storage::RevisionKey("jianshan-jiaotiju", 2024, 3, 1));
  corpus.Write(fuzzer, "audit", storage::AuditKey(42));
  corpus.Write(fuzzer, "report_audit",
               storage::ReportAuditKey("agencies/jianshan-jiaotiju/reports/2024", 7));
  corpus.Write(fuzzer, "state_index", storage::StateIndexKey(2, "jianshan-jiaotiju", 2024));
  corpus.Write(fuzzer, "request_record", storage::RequestRecordValue("fingerprint", "response"));
  corpus.Write(fuzzer, "signed_head", storage::SignedHeadValue(9, std::string(32, '\x5a')));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: " << argv[0] << " OUT SOURCE_DIR FIXTURES_DIR\n";
    return 2;
  }
  CorpusWriter corpus{fs::path(argv[1])};
  const fs::path source_dir = argv[2];
  const fs::path fixtures_dir = argv[3];

  std::vector<fs::path> fixtures;
  for (const auto& entry : fs::directory_iterator(fixtures_dir / "reports")) {
    if (entry.path().extension() == ".txt") fixtures.push_back(entry.path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  std::vector<v1::AnnualReport> contents;
  for (const fs::path& path : fixtures) {
    const std::string text = ReadFile(path);
    const std::string stem = path.stem().string();
    corpus.Write("text_layout_reader", stem + ".txt", text);
    absl::StatusOr<nianbao::codec::SourceDocument> document = nianbao::codec::ReadTextLayout(text);
    if (document.ok()) {
      corpus.Write("docx_reader", stem + ".docx", nianbao::testing::BuildDocx(*document));
      nianbao::testing::DocxBuildOptions numbered;
      numbered.auto_number_headings = true;
      corpus.Write("docx_reader", stem + "_numbered.docx",
                   nianbao::testing::BuildDocx(*document, numbered));
      // The XML of the parts, which fuzz_docx_reader packs itself (kPartSeparator there), also of
      // a short document (the first paragraphs and the first table), which runs many times faster.
      nianbao::codec::SourceDocument short_document;
      for (const nianbao::codec::SourceBlock& block : document->blocks) {
        const bool table = block.kind == nianbao::codec::SourceBlock::Kind::kTable;
        if (table || short_document.blocks.size() < 6) short_document.blocks.push_back(block);
        if (table) break;
      }
      corpus.Write("docx_reader", stem + "_short.xml",
                   nianbao::testing::DocumentXml(short_document));
      corpus.Write("docx_reader", stem + ".xml", nianbao::testing::DocumentXml(*document));
      corpus.Write("docx_reader", stem + "_numbered.xml",
                   absl::StrCat(nianbao::testing::DocumentXml(*document, numbered), kPartSeparator,
                                nianbao::testing::HeadingNumberingXml(), kPartSeparator,
                                nianbao::testing::HeadingStylesXml()));
    }
    absl::StatusOr<v1::AnnualReport> report = nianbao::codec::ImportReport(text);
    if (!report.ok()) continue;
    absl::StatusOr<std::string> json = nianbao::codec::RenderJson(*report);
    if (json.ok()) corpus.Write("json_codec", stem + ".json", *json);
    contents.push_back(*std::move(report));
  }
  if (contents.empty()) {
    std::cerr << "no fixture report under " << (fixtures_dir / "reports") << " imports\n";
    return 1;
  }

  for (const fs::path& path : {source_dir / "deploy/config/agencies.example.textproto",
                               source_dir / "deploy/config/principals.example.textproto",
                               source_dir / "deploy/config/validatord.textproto",
                               source_dir / "deploy/config/workflowd.textproto",
                               source_dir / "tests/data/principals.textproto"}) {
    corpus.Write("text_config", path.filename().string(), ReadFile(path));
  }
  WriteKeys(corpus);
  WriteRequests(corpus, contents);
  return 0;
}
