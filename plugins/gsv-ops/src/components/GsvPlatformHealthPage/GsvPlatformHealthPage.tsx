import { Content, Header, InfoCard, Page, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { gsvOpsApiRef } from '../../api/GsvOpsApi';
import { FindingsList } from '../FindingsList';
import { LevelChip } from '../LevelChip';

export const GsvPlatformHealthPage = () => {
  const api = useApi(gsvOpsApiRef);
  const { value, loading, error } = useAsync(() => api.getPlatformHealth(), [api]);

  return (
    <Page themeId="tool">
      <Header title="Platform health" subtitle="The daily health check across every cluster" />
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <InfoCard title={<>Platform <LevelChip level={value.level} /></>}>
            <FindingsList findings={value.findings} />
          </InfoCard>
        )}
      </Content>
    </Page>
  );
};
