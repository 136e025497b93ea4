import type { LabelSelector } from '../operations/kube/selectors';

/** Whether labels match a metav1.LabelSelector (all of matchLabels and matchExpressions; empty matches everything). */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  const labelsMatch = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  return (
    labelsMatch &&
    (selector.matchExpressions ?? []).every(
      ({ key, operator, values = [] }) => {
        const has = key in labels;
        switch (operator) {
          case 'In':
            return has && values.includes(labels[key]);
          case 'NotIn':
            return !has || !values.includes(labels[key]);
          case 'Exists':
            return has;
          case 'DoesNotExist':
            return !has;
          default:
            return false;
        }
      },
    )
  );
}
