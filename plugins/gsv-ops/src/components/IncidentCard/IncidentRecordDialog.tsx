import { useEffect, useState } from 'react';
import { MarkdownContent, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { errorMessage } from '../../lib/errors';

export interface IncidentRecordDialogProps {
  incidentId?: string;
  onClose: () => void;
}

/** The post-incident record of a resolved incident, rendered, with Copy (the Markdown) and Download (`<id>.md`). */
export const IncidentRecordDialog = ({
  incidentId,
  onClose,
}: IncidentRecordDialogProps) => {
  const api = useApi(gsvOpsApiRef);
  const [markdown, setMarkdown] = useState<string>();
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState<string>();

  useEffect(() => {
    setMarkdown(undefined);
    setError(undefined);
    setCopied(undefined);
    if (!incidentId) return undefined;
    const controller = new AbortController();
    api
      .getIncidentRecord(incidentId, { signal: controller.signal })
      .then(setMarkdown)
      .catch(e => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      });
    return () => controller.abort();
  }, [api, incidentId]);

  const copy = async () => {
    try {
      // Undefined outside a secure context (a plain-HTTP app): Download still works there.
      await window.navigator.clipboard.writeText(markdown ?? '');
      setCopied('Copied as Markdown');
    } catch {
      setCopied('The browser did not allow copying; use Download');
    }
  };
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([markdown ?? ''], { type: 'text/markdown' }),
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = `${incidentId}.md`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Dialog
      open={Boolean(incidentId)}
      onClose={onClose}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle>Post-incident record</DialogTitle>
      <DialogContent>
        {error && (
          <Typography role="alert" color="error">
            The record could not be loaded: {error}
          </Typography>
        )}
        {!error && markdown === undefined && <Progress />}
        {markdown !== undefined && <MarkdownContent content={markdown} />}
      </DialogContent>
      <DialogActions>
        {copied && (
          <Typography variant="body2" color="textSecondary">
            {copied}
          </Typography>
        )}
        <Button disabled={markdown === undefined} onClick={copy}>
          Copy
        </Button>
        <Button disabled={markdown === undefined} onClick={download}>
          Download
        </Button>
        <Button color="primary" onClick={onClose}>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
};
