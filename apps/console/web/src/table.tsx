import { type ReactNode } from 'react';

/**
 * The console's one table: column headers, an optional caption, and the rows given as children,
 * inside a box that scrolls sideways on a narrow screen and is reachable by keyboard (axe asks
 * that a scrolling region can be focused).
 */
export function DataTable(props: {
  columns: readonly ReactNode[];
  caption?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="scroll" tabIndex={0}>
      <table data-testid={props.testId}>
        {props.caption !== undefined && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((column, i) => (
              <th scope="col" key={i}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
