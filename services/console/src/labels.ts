// Names shown for the API's enums, Chinese first as the API's own messages are.
import { AuditAction, ReportState } from '@gen/nianbao/v1/resources_pb';
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

export const ACTION_LABELS: Record<AuditAction, string> = {
  [AuditAction.UNSPECIFIED]: '未知',
  [AuditAction.CREATE]: '创建',
  [AuditAction.UPDATE]: '修改',
  [AuditAction.SUBMIT]: '提交审核',
  [AuditAction.WITHDRAW]: '撤回',
  [AuditAction.REJECT]: '退回',
  [AuditAction.APPROVE]: '签发',
  [AuditAction.PUBLISH]: '发布',
  [AuditAction.CORRECT]: '更正',
  [AuditAction.READ]: '查阅',
  [AuditAction.BACKUP]: '备份',
  [AuditAction.RESTORE]: '恢复',
};
