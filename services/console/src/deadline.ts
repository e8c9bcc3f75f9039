// The publication deadline of an annual report: 31 January of the following year (条例第五十条:
// 每年1月31日前公布). Shown in the list only; the validation service's DEADLINE rule decides.
export interface DeadlineStatus {
  deadline: string; // "2025-01-31"
  daysLeft: number; // negative when overdue
  text: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function deadlineStatus(reportYear: number, published: boolean, today: Date): DeadlineStatus {
  const deadlineUtc = Date.UTC(reportYear + 1, 0, 31);
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const daysLeft = Math.round((deadlineUtc - todayUtc) / DAY_MS);
  const deadline = `${reportYear + 1}-01-31`;
  let text: string;
  if (published) text = '已发布';
  else if (daysLeft > 0) text = `剩余 ${daysLeft} 天`;
  else if (daysLeft === 0) text = '今日截止';
  else text = `已逾期 ${-daysLeft} 天`;
  return { deadline, daysLeft, text };
}
