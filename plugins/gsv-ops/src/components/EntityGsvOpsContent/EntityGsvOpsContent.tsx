import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { FindingsList } from '../FindingsList';
import { LevelChip } from '../LevelChip';

export const EntityGsvOpsContent = () => {
  const { entity } = useEntity();
  const api = useApi(gsvOpsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(() => api.getEntityView(entityRef), [api, entityRef]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard title={<>Ops <LevelChip level={value.level} /></>} subheader={`As of ${value.generatedAt}`}>
          {value.findings.length > 0 ? (
            <FindingsList findings={value.findings} />
          ) : (
            <Typography>Everything GSV Ops watches for this service is healthy.</Typography>
          )}
        </InfoCard>
      </Grid>
    </Grid>
  );
};
