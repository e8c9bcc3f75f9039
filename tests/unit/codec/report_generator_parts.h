// Internals of the report generator (report_generator.h): the random source and the parts.
#ifndef NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_PARTS_H_
#define NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_PARTS_H_

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "nianbao/v1/report.pb.h"
#include "services/codec/report_cells.h"

namespace nianbao::codec_testing {

using nianbao::v1::CountCell;

// Characters of generated prose: no digits, numerals, punctuation or keywords that would make a
// line a heading, a title, an attribute, a date or a contact field.
inline const std::vector<std::string>& ProseCharacters() {
  static const std::vector<std::string> characters = {
      "政", "务", "工", "作", "推", "进", "落", "实", "加", "强", "完", "善", "机", "制",
      "平", "台", "建", "设", "服", "务", "群", "众", "监", "督", "保", "障", "规", "范",
      "透", "明", "度", "提", "升", "质", "量", "效", "率", "我", "单", "位", "认", "真",
      "贯", "彻", "深", "化", "改", "革", "创", "新", "方", "式", "渠", "道", "拓", "展"};
  return characters;
}

class Generator {
 public:
  explicit Generator(std::mt19937& rng) : rng_(rng) {}

  int Uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }

  std::string Prose(int min_length, int max_length) {
    std::string text;
    const int length = Uniform(min_length, max_length);
    for (int i = 0; i < length; ++i) {
      text += ProseCharacters()[Uniform(0, static_cast<int>(ProseCharacters().size()) - 1)];
    }
    return text;
  }

  void FillCount(CountCell* cell) {
    static const std::vector<std::string> texts = {"/", "—", "-", "5件", "十二", "无", "N/A"};
    const int kind = Uniform(1, 10);
    if (kind <= 6) {
      cell->set_number(Chance(10) ? -Uniform(1, 50) : Uniform(0, 999));
    } else if (kind <= 8) {
      cell->set_text(texts[Uniform(0, static_cast<int>(texts.size()) - 1)]);
    }  // else blank
  }

  void FillAmount(v1::AmountCell* cell) {
    const int kind = Uniform(1, 10);
    if (kind <= 6) {
      v1::Decimal* amount = cell->mutable_amount();
      amount->set_units(Uniform(0, 1000000));
      const int fraction = Uniform(0, 3);
      amount->set_nanos(fraction == 0   ? 0
                        : fraction == 1 ? Uniform(1, 999) * 1000000
                                        : Uniform(1, 999999999));
      if (Chance(40)) {
        cell->set_written(absl::StrCat(codec::FormatDecimal(*amount), Chance(50) ? "万元" : "元"));
      }
    } else if (kind <= 8) {
      cell->set_text(Chance(50) ? "/" : "无");
    }
  }

  void FillCounts(std::initializer_list<CountCell*> cells) {
    for (CountCell* cell : cells) FillCount(cell);
  }

  void FillApplicants(v1::ApplicantCounts* c) {
    FillCounts({c->mutable_natural_person(), c->mutable_commercial_enterprise(),
                c->mutable_research_institution(), c->mutable_public_interest_organization(),
                c->mutable_legal_service_institution(), c->mutable_other_organization(),
                c->mutable_total()});
  }

  void FillOutcomes(v1::CaseOutcomes* g) {
    FillCounts({g->mutable_upheld(), g->mutable_corrected(), g->mutable_other(),
                g->mutable_pending(), g->mutable_total()});
  }

  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937& rng_;
};

// Tables 2 and 3 in a random format; they return the format chosen.
v1::FormatVersion FillTable2(Generator& g, v1::ActiveDisclosureTable& t);
v1::FormatVersion FillTable3(Generator& g, v1::ApplicationTable& t);

}  // namespace nianbao::codec_testing

#endif  // NIANBAO_TESTS_UNIT_CODEC_REPORT_GENERATOR_PARTS_H_
