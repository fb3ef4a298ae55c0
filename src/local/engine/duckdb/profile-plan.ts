// What GetQueryRuntimeStatistics reports from a finished query's DuckDB JSON profile: the rows the table scans
// produced (after the filters DuckDB pushes into them, as Trino's do; DuckDB's own `rows_scanned` counts whole
// row groups), and the operator tree as Athena's QueryStagePlanNode (Name, Identifier, Children). DuckDB runs a query as one
// pipeline set, not Trino's distributed stages, so the whole plan is one stage.
export interface PlanNode {
  Name: string;
  Identifier: string;
  Children: PlanNode[];
  RemoteSources: string[];
}

export interface ProfileRuntime {
  inputRows: number;
  plan?: PlanNode;
}

interface ProfileNode {
  operator_name?: string;
  operator_type?: string;
  operator_cardinality?: number;
  children?: ProfileNode[];
}

/** The profile of `COPY (<query>) TO …`: the query's plan is under the COPY_TO_FILE operator. */
export function runtimeOf(profile: ProfileNode): ProfileRuntime {
  let next = 0;
  let inputRows = 0;
  const node = (n: ProfileNode): PlanNode => {
    if (n.operator_type === 'TABLE_SCAN') inputRows += Number(n.operator_cardinality ?? 0);
    return {
      Name: String(n.operator_name ?? n.operator_type ?? 'UNKNOWN').trim(),
      Identifier: String(next++),
      Children: (n.children ?? []).map(node),
      RemoteSources: [],
    };
  };
  let top = profile.children?.[0];
  if (top?.operator_type === 'COPY_TO_FILE') top = top.children?.[0];
  const plan = top ? node(top) : undefined;
  return { inputRows, ...(plan ? { plan } : {}) };
}
