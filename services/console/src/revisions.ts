// The revisions list of a report page: each revision ListRevisions returns, what it is to a
// reader — the published text in force, a published text a correction has since replaced
// (kept, still readable), or a submission that was never published.
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { type ReportRevision, RevisionKind } from '@gen/nianbao/v1/resources_pb';

export interface RevisionRow {
  revision: bigint;
  name: string;
  status: string;
  submitter: string;
  submitted: string;
  publisher: string;
  published: string;
  inForce: boolean;
}

const when = (t: ReportRevision['createTime']) =>
  (t ? timestampDate(t).toLocaleString('zh-CN', { hour12: false }) : '');

// Newest first. `publishedRevision` is the report's published_revision (0 before the first
// publication): the one published revision in force; earlier published ones were corrected.
export function revisionRows(revisions: ReportRevision[], publishedRevision: bigint): RevisionRow[] {
  return [...revisions].sort((a, b) => Number(b.revision - a.revision)).map((r) => {
    const published = r.kind === RevisionKind.PUBLISHED;
    const inForce = published && r.revision === publishedRevision;
    let status = '提交稿（未发布）';
    if (inForce) status = '已发布（现行）';
    else if (published) status = '已发布（已被更正取代）';
    return {
      revision: r.revision, name: r.name, status, inForce,
      submitter: r.submitter, submitted: when(r.createTime),
      publisher: r.publisher, published: published ? when(r.publishTime) : '',
    };
  });
}
