// A complete, correct 2024 report in the current format, built in code, that passes every rule;
// tests break one thing at a time. Also its matching 2023 predecessor.
#ifndef NIANBAO_TESTS_UNIT_VALIDATION_REPORT_BUILDER_H_
#define NIANBAO_TESTS_UNIT_VALIDATION_REPORT_BUILDER_H_

#include "nianbao/v1/report.pb.h"

namespace nianbao::testing {

// Table 3 (natural persons / commercial enterprises / total): 一 10/3/13, 二 2/0/2, （一） 5/3/8,
// （二） 1/0/1, （三）1 1/0/1, （四）1 2/0/2, （五）2 1/0/1, （六）3 1/0/1, （七） 11/3/14, 四
// 1/0/1; every other cell 0. Table 4: 行政复议 1+0+0+1=2, 直接起诉 1+0+0+0=1, 复议后起诉 0. Table
// 2: 规章 0/0/0, 行政规范性文件 2/1/10, 许可 5, 处罚 3, 强制 0, 收费 0.
nianbao::v1::AnnualReport CleanReport2024();
// Last year's report of the same agency, consistent with CleanReport2024 (row 四 = 2/0/2,
// 行政规范性文件 in force 9), with different text.
nianbao::v1::AnnualReport CleanReport2023();

void SetCount(nianbao::v1::CountCell* cell, int value);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_UNIT_VALIDATION_REPORT_BUILDER_H_
