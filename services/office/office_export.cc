#include "services/office/office_export.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/office/office_xlsx.h"
#include "workflow/status_details.h"

namespace nianbao::office {
namespace {

namespace v1 = ::nianbao::v1;
namespace fs = std::filesystem;
using nianbao::workflow_service::CallContext;

// Calls `method` page after page (the largest page the API serves) and hands each to `take`.
template <typename Request, typename Response, typename Take>
absl::Status AllPages(OfficeCore& core, const CallContext& call, Request request,
                      absl::Status (OfficeCore::*method)(const CallContext&, const Request&,
                                                         Response*),
                      Take take) {
  request.set_page_size(1000);
  do {
    Response page;
    if (absl::Status status = (core.*method)(call, request, &page); !status.ok()) return status;
    take(page);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

// The view's name in the file name, as the CLI's subcommands name the sheets.
const char* ViewName(v1::OfficeSheetKind sheet) {
  switch (sheet) {
    case v1::OFFICE_SHEET_KIND_FILING_STATUS:
      return "报送情况";
    case v1::OFFICE_SHEET_KIND_ROLLUP:
      return "汇总";
    case v1::OFFICE_SHEET_KIND_COMPARISON:
      return "同比";
    case v1::OFFICE_SHEET_KIND_REPETITION:
      return "重复率";
    default:
      return "";
  }
}

// A directory only this call uses, removed with what it holds when the object goes.
class PrivateTempDir {
 public:
  PrivateTempDir() {
    std::string pattern = (fs::temp_directory_path() / "nianbao-xlsx-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~PrivateTempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

absl::StatusOr<std::vector<Sheet>> ExportedSheets(OfficeCore& core, const CallContext& call,
                                                  const v1::ExportSheetRequest& request) {
  const SheetScope scope{request.parent(), request.report_year()};
  switch (request.sheet()) {
    case v1::OFFICE_SHEET_KIND_FILING_STATUS: {
      v1::GetFilingStatusRequest view;
      view.set_parent(request.parent());
      view.set_report_year(request.report_year());
      view.set_kind(request.kind());
      v1::GetFilingStatusResponse all;
      absl::Status status = AllPages(core, call, view, &OfficeCore::GetFilingStatus,
                                     [&](v1::GetFilingStatusResponse& page) {
                                       for (auto& agency : *page.mutable_agencies())
                                         *all.add_agencies() = std::move(agency);
                                       *all.mutable_totals() = page.totals();
                                       *all.mutable_as_of_time() = page.as_of_time();
                                     });
      if (!status.ok()) return status;
      return std::vector<Sheet>{FilingStatusSheet(all, scope)};
    }
    case v1::OFFICE_SHEET_KIND_ROLLUP: {
      v1::GetRollupRequest view;
      view.set_parent(request.parent());
      view.set_report_year(request.report_year());
      view.set_kind(request.kind());
      v1::GetRollupResponse rollup;
      if (absl::Status status = core.GetRollup(call, view, &rollup); !status.ok()) return status;
      return RollupSheets(rollup, scope);
    }
    case v1::OFFICE_SHEET_KIND_COMPARISON: {
      v1::CompareYearsRequest view;
      view.set_parent(request.parent());
      view.set_report_year(request.report_year());
      view.set_kind(request.kind());
      v1::CompareYearsResponse all;
      absl::Status status = AllPages(core, call, view, &OfficeCore::CompareYears,
                                     [&](v1::CompareYearsResponse& page) {
                                       *all.mutable_rollup() = page.rollup();
                                       for (auto& agency : *page.mutable_agencies())
                                         *all.add_agencies() = std::move(agency);
                                     });
      if (!status.ok()) return status;
      return std::vector<Sheet>{ComparisonSheet(all, scope)};
    }
    case v1::OFFICE_SHEET_KIND_REPETITION: {
      v1::ListRepetitionRequest view;
      view.set_parent(request.parent());
      view.set_report_year(request.report_year());
      v1::ListRepetitionResponse all;
      absl::Status status = AllPages(core, call, view, &OfficeCore::ListRepetition,
                                     [&](v1::ListRepetitionResponse& page) {
                                       for (auto& agency : *page.mutable_agencies())
                                         *all.add_agencies() = std::move(agency);
                                     });
      if (!status.ok()) return status;
      return std::vector<Sheet>{RepetitionSheet(all, scope)};
    }
    default:
      return nianbao::workflow::InvalidField(
          "sheet", {absl::StrCat("请选择要导出的表（报送情况、汇总、同比或重复率），收到 ",
                                 static_cast<int>(request.sheet())),
                    absl::StrCat("sheet must name a view (FILING_STATUS, ROLLUP, COMPARISON or "
                                 "REPETITION), got ",
                                 static_cast<int>(request.sheet()))});
  }
}

absl::StatusOr<std::string> XlsxBytes(const std::vector<Sheet>& sheets) {
  PrivateTempDir dir;
  if (dir.path().empty()) {
    return absl::UnavailableError("无法创建临时目录 (cannot create a temporary directory)");
  }
  const std::string path = dir.path() + "/sheets.xlsx";
  if (absl::Status status = WriteXlsx(sheets, path); !status.ok()) return status;
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::UnavailableError("无法读回 XLSX 文件 (cannot read the XLSX file back)");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::Status ExportSheet(OfficeCore& core, const CallContext& call,
                         const v1::ExportSheetRequest& request, v1::ExportSheetResponse* response) {
  absl::StatusOr<std::vector<Sheet>> sheets = ExportedSheets(core, call, request);
  if (!sheets.ok()) return sheets.status();
  absl::StatusOr<std::string> bytes = XlsxBytes(*sheets);
  if (!bytes.ok()) return bytes.status();
  absl::string_view agency_id = request.parent();
  absl::ConsumePrefix(&agency_id, "agencies/");
  response->set_content(*std::move(bytes));
  response->set_file_name(
      absl::StrCat(agency_id, "-", request.report_year(), "-", ViewName(request.sheet()), ".xlsx"));
  response->set_media_type(kXlsxMediaType);
  return absl::OkStatus();
}

}  // namespace nianbao::office
