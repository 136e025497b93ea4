import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import {
  LOG_PATTERNS,
  type EntityLogs,
  type EntityLogsQuery,
} from '@gsv/plugin-gsv-ops-common';

export interface LogControlsProps {
  query: EntityLogsQuery;
  onQuery: (query: EntityLogsQuery) => void;
  logs?: EntityLogs;
  follow: boolean;
  onFollow: (follow: boolean) => void;
}

/** Pod and container, previous container, the guide's patterns (with their counts), free text, and follow. */
export const LogControls = ({
  query,
  onQuery,
  logs,
  follow,
  onFollow,
}: LogControlsProps) => {
  const [search, setSearch] = useState(query.search ?? '');
  const source = logs?.sources.find(s => s.pod === query.pod);
  const patterns = query.patterns ?? [];
  const toggle = (id: string) =>
    onQuery({
      ...query,
      patterns: patterns.includes(id)
        ? patterns.filter(p => p !== id)
        : [...patterns, id],
    });
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
      <TextField
        select
        size="small"
        variant="outlined"
        label="Pod"
        id="gsv-logs-pod"
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        value={query.pod ?? ''}
        onChange={e =>
          onQuery({
            ...query,
            pod: e.target.value || undefined,
            container: undefined,
          })
        }
        style={{ minWidth: 240 }}
      >
        <MenuItem value="">All pods</MenuItem>
        {logs?.sources.map(s => (
          <MenuItem key={s.pod} value={s.pod}>
            {s.pod}
            {s.restarts ? ` (${s.restarts} restarts)` : ''}
          </MenuItem>
        ))}
      </TextField>
      {source && source.containers.length > 1 && (
        <TextField
          select
          size="small"
          variant="outlined"
          label="Container"
          id="gsv-logs-container"
          SelectProps={{ displayEmpty: true }}
          InputLabelProps={{ shrink: true }}
          value={query.container ?? ''}
          onChange={e =>
            onQuery({ ...query, container: e.target.value || undefined })
          }
        >
          <MenuItem value="">All containers</MenuItem>
          {source.containers.map(c => (
            <MenuItem key={c} value={c}>
              {c}
            </MenuItem>
          ))}
        </TextField>
      )}
      <FormControlLabel
        control={
          <Checkbox
            checked={Boolean(query.previous)}
            onChange={e => onQuery({ ...query, previous: e.target.checked })}
          />
        }
        label="Previous container"
      />
      {LOG_PATTERNS.map(p => (
        <Chip
          key={p.id}
          label={`${p.label} · ${logs?.counts[p.id] ?? 0}`}
          color={patterns.includes(p.id) ? 'primary' : 'default'}
          onClick={() => toggle(p.id)}
          aria-pressed={patterns.includes(p.id)}
        />
      ))}
      <TextField
        size="small"
        variant="outlined"
        label="Search (Enter)"
        id="gsv-logs-search"
        value={search}
        onChange={e => setSearch(e.target.value)}
        onKeyDown={e => {
          if (e.key === 'Enter')
            onQuery({ ...query, search: search.trim() || undefined });
        }}
        inputProps={{ maxLength: 200 }}
      />
      <FormControlLabel
        control={
          <Switch
            checked={follow}
            disabled={!query.pod || Boolean(query.previous)}
            onChange={e => onFollow(e.target.checked)}
          />
        }
        label={query.pod ? 'Follow live' : 'Follow live (choose a pod)'}
      />
    </Box>
  );
};
