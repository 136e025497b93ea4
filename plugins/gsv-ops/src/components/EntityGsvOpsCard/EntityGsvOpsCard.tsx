import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { FindingsList } from '../FindingsList';
import { LevelChip } from '../LevelChip';

export const EntityGsvOpsCard = () => {
  const { entity } = useEntity();
  const api = useApi(gsvOpsApiRef);
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(() => api.getEntityView(entityRef), [api, entityRef]);

  return (
    <InfoCard title="Operations">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <LevelChip level={value.level} />
          <FindingsList findings={value.findings.slice(0, 5)} />
        </>
      )}
    </InfoCard>
  );
};
