//go:build pq || mysql

package main

import (
	"context"
	"database/sql"
)

// sqlQuery runs statements on one database/sql connection, rows as the driver returns them.
func sqlQuery(ctx context.Context, conn *sql.Conn) queryFunc {
	return func(text string) ([][]any, int, bool, error) {
		result, err := conn.QueryContext(ctx, text)
		if err != nil {
			return nil, 0, false, err
		}
		defer result.Close()
		columns, err := result.Columns()
		if err != nil {
			return nil, 0, false, err
		}
		rows, count := [][]any{}, 0
		for result.Next() {
			values := make([]any, len(columns))
			pointers := make([]any, len(columns))
			for i := range values {
				pointers[i] = &values[i]
			}
			if err := result.Scan(pointers...); err != nil {
				return nil, 0, false, err
			}
			keep(&rows, &count, values)
		}
		return rows, count, len(columns) > 0, result.Err()
	}
}
