import Button from '@material-ui/core/Button';

export interface ShowAllButtonProps {
  total: number;
  showingAll: boolean;
  onToggle: () => void;
  /** What is listed, in the plural: "Show all 50 backups". */
  noun: string;
  /** Defaults to "Show fewer <noun>". */
  fewerLabel?: string;
}

/** Shows all the items of a list cut at a limit, or fewer again. */
export const ShowAllButton = ({
  total,
  showingAll,
  onToggle,
  noun,
  fewerLabel = `Show fewer ${noun}`,
}: ShowAllButtonProps) => (
  <Button size="small" color="primary" onClick={onToggle}>
    {showingAll ? fewerLabel : `Show all ${total} ${noun}`}
  </Button>
);
