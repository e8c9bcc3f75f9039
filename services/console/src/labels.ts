// Names shown for the API's enums, Chinese first as the API's own messages are.
import { ReportState } from '@gen/nianbao/v1/resources_pb';
import { Severity } from '@gen/nianbao/v1/validation_pb';

export const STATE_LABELS: Record<ReportState, string> = {
  [ReportState.UNSPECIFIED]: '未知',
  [ReportState.DRAFT]: '起草中',
  [ReportState.IN_REVIEW]: '待审核',
  [ReportState.APPROVED]: '已签发',
  [ReportState.PUBLISHED]: '已发布',
};

export const STATE_TAG: Record<ReportState, 'info' | 'warning' | 'success' | 'primary'> = {
  [ReportState.UNSPECIFIED]: 'info',
  [ReportState.DRAFT]: 'info',
  [ReportState.IN_REVIEW]: 'warning',
  [ReportState.APPROVED]: 'primary',
  [ReportState.PUBLISHED]: 'success',
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  [Severity.UNSPECIFIED]: '',
  [Severity.ERROR]: '错误',
  [Severity.WARNING]: '警告',
  [Severity.INFO]: '提示',
};
