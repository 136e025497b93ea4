import type { OpsTarget, RunbookTargetValue } from '@gsv/plugin-gsv-ops-common';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import { targetKey, targetLabel } from './targets';

export interface TargetSelectProps {
  id: string;
  title: string;
  value?: RunbookTargetValue;
  items: OpsTarget[];
  loading: boolean;
  /** The value is not among the listed targets (a stale or mistyped prefill): shown as such. */
  notListed: boolean;
  required?: boolean;
  disabled?: boolean;
  error: boolean;
  onSelect: (key: string) => void;
}

/** The entity's targets of the kind, in a native select; a value that is not listed stays, marked "not found". */
export const TargetSelect = ({
  id,
  title,
  value,
  items,
  loading,
  notListed,
  required,
  disabled,
  error,
  onSelect,
}: TargetSelectProps) => (
  <>
    <TextField
      id={id}
      select
      label={title}
      value={value?.name ? targetKey(value) : ''}
      onChange={event => onSelect(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      required={required}
      disabled={disabled || loading}
      error={error || notListed}
      variant="outlined"
    >
      <option value="">
        {loading ? 'Loading…' : `Choose one of ${items.length}`}
      </option>
      {notListed && value && (
        <option value={targetKey(value)}>
          {`${value.namespace ? `${value.namespace}/` : ''}${value.name} — ${
            value.cluster
          } (not found)`}
        </option>
      )}
      {items.map(item => (
        <option key={targetKey(item)} value={targetKey(item)}>
          {targetLabel(item)}
        </option>
      ))}
    </TextField>
    {loading && <LinearProgress />}
  </>
);
