import type { IncomingHttpHeaders } from 'node:http';
import { composeServices } from '@apollo/composition';
import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/**
 * A district department's own subgraph, as a department would write it: the family-doctor
 * signing service (家庭医生签约). It knows which doctor signed which resident, by the hub's
 * Resident ID, and nothing else about the person: name, phone and the rest come from the hub.
 */
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
  type Resident @key(fields: "id") {
    id: ID!
    "家庭医生 The family doctor who signed this resident, if any"
    signedDoctor: String
  }
  type Signing {
    doctor: String!
    resident: Resident
  }
  type Query {
    "Every signing of the service, newest first"
    signings: [Signing!]!
  }
`);

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/** Starts the signing service on a free port; `signed` maps a Resident global ID to its doctor. */
export async function startDepartment(signed: Map<string, string>): Promise<Running> {
  const resolvers = {
    Query: {
      signings: () =>
        [...signed].map(([id, doctor]) => ({ doctor, resident: { __typename: 'Resident', id } })),
    },
    Resident: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      signedDoctor: (resident: { id: string }) => signed.get(resident.id) ?? null,
    },
  };
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

/** The headers of the client's request that the gateway passes on to every subgraph. */
const forwarded = ['authorization', 'x-purpose'];

type GatewayContext = { headers: IncomingHttpHeaders };

class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    for (const name of forwarded) {
      const value = (context as Partial<GatewayContext>).headers?.[name];
      if (typeof value === 'string') request.http?.headers.set(name, value);
    }
  }
}

/**
 * Composes the hub's subgraph (its SDL read from `_service`, as a composition pipeline would)
 * with the department's into a supergraph, and serves it with Apollo's gateway on a free port.
 */
export async function startGateway(
  subgraphs: Array<{ name: string; url: string; sdl: string }>,
): Promise<Running> {
  const composed = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) => new ForwardingDataSource({ url }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway: gateway as never });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ headers: req.headers }),
  });
  return { url, stop: () => server.stop() };
}
