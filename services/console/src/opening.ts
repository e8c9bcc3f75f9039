// The one opener of report pages (reportOpen.ts): started by the router (main.ts), taken by
// ReportPage.vue. Kept apart from reportOpen.ts so that its logic is tested without a browser.
import { type Report, ReportView } from '@gen/nianbao/v1/resources_pb';
import { workflow } from './api';
import { reportOpener } from './reportOpen';

export const opening = reportOpener<Report>((name) => workflow.getReport({ name, view: ReportView.FULL }));
