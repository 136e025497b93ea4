import ButtonBase from '@material-ui/core/ButtonBase';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { SectionSummary, sectionAnchor } from '../../lib/summary';
import { LEVEL_LABELS } from '../../lib/levels';
import { LevelStatus, levelColor } from '../LevelStatus';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))',
    gap: theme.spacing(1.5),
  },
  tile: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    textAlign: 'left',
    padding: theme.spacing(1.25, 1.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 4,
    background: theme.palette.background.paper,
    '&:hover': { background: theme.palette.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.palette.primary.main}` },
  },
  title: { fontWeight: 500 },
  text: { color: theme.palette.text.secondary, marginTop: theme.spacing(0.25) },
}));

const TileContent = ({
  section,
  classes,
}: {
  section: SectionSummary;
  classes: ReturnType<typeof useStyles>;
}) => (
  <>
    <LevelStatus level={section.level} size="medium" className={classes.title}>
      {section.title}
    </LevelStatus>
    <Typography variant="body2" className={classes.text}>
      {section.text}
    </Typography>
  </>
);

export interface SectionTilesProps {
  sections: SectionSummary[];
}

/** One tile per section (Workloads, Certificates, Backups, …) with its level; a click scrolls to the section. */
export const SectionTiles = ({ sections }: SectionTilesProps) => {
  const classes = useStyles();
  const theme = useTheme();
  return (
    <div className={classes.root} role="list" aria-label="Sections">
      {sections.map(section => (
        <div role="listitem" key={section.id} style={{ display: 'flex' }}>
          <ButtonBase
            className={classes.tile}
            style={{
              flex: 1,
              borderLeftColor: levelColor(theme, section.level),
            }}
            focusRipple
            data-testid={`section-tile-${section.id}`}
            aria-label={`${section.title}: ${LEVEL_LABELS[section.level]}, ${
              section.text
            }`}
            onClick={() =>
              document
                .getElementById(sectionAnchor(section.id))
                ?.scrollIntoView({ behavior: 'smooth', block: 'start' })
            }
          >
            <TileContent section={section} classes={classes} />
          </ButtonBase>
        </div>
      ))}
    </div>
  );
};
